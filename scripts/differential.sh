#!/usr/bin/env bash
# The differential test on COUNT random models from seed START (default: 5000 from 0):
# each model (Tests/PinProofTests/RandomModels.swift) is checked by the explicit engine with
# 1 and 2 workers, BMC, k-induction, each PDR prover alone and the portfolio, and every
# answer must agree with the explicit engine's (docs/testing.md). CI runs seeds 0..<200.
# The seeds run in chunks of CHUNK (default 250), one test process each, so that a crash
# loses one chunk, which is named, and the run goes on. A disagreement prints the seed,
# the variant, each engine's answer and the model; PINCHECK_DIFF_DUMP=DIR also writes
# every model to DIR/random_SEED.pin. Exit status 0 when every chunk passed.
# Usage: bash scripts/differential.sh [COUNT] [START]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-5000}"
start="${2:-0}"
chunk="${CHUNK:-250}"
bash scripts/ensure-deps.sh
swift build -c release --build-tests
log="$(mktemp -d)"
failed=()
began=$(date +%s)
for ((first = start; first < start + count; first += chunk)); do
  n=$((start + count - first < chunk ? start + count - first : chunk))
  if PINCHECK_DIFF_MODELS="$n" PINCHECK_DIFF_SEED="$first" swift test -c release --skip-build --disable-xctest \
    --filter "DifferentialTests/everyEngineAgreesOnRandomModels" >"$log/$first.txt" 2>&1; then
    grep '^differential:' "$log/$first.txt" || true
  else
    failed+=("$first..<$((first + n))")
    echo "seeds $first..<$((first + n)) FAILED (log: $log/$first.txt):"
    grep -E 'disagree|does not load|terminate called|crashed' "$log/$first.txt" | head -20 || true
  fi
done
echo "differential: $count models from seed $start in $(($(date +%s) - began)) s on $(date -u +%Y-%m-%d);" \
  "failed chunks: ${failed[*]:-none}"
[ ${#failed[@]} -eq 0 ]
