#!/usr/bin/env bash
# Figures of the symbolic engines on the bundled kernel model: Z3 time per query (as
# --stats prints it) for BMC, k-induction and each PDR prover (Spacer, IC3, mined) on the main
# invariant, and the default portfolio, which proves it by the committed invariant
# (proofs/invariants/gup_cow/v6_2.txt). Figures only; no thresholds (machines are noisy). Each run is cut off after LIMIT seconds (default
# 600), which then shows as 'unknown (timeout)'. Usage: bash scripts/bench-symbolic.sh [LIMIT]
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
swift build -c release --product pincheck 2>&1 | tail -n 1
bin=.build/release/pincheck
limit=${1:-600}
model=models/gup_cow.pin
inv=pinned_page_stays_mapped
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f "   wall %es, peak %MkB")
run() {
  echo "== pincheck check $model $*"
  "${timer[@]}" "$bin" check "$model" "$@" --stats --timeout "$((limit * 1000))" 2>&1 \
    | grep -E '^  z3 |invariant |queries:|wall ' | grep -vE '^  z3 [0-9.]+s houdini [a-z_]+\(' || true
  echo
}
run --variant v6_1 --invariant "$inv" --engine bmc --depth 5
run --variant v6_2 --engine bmc --depth 3
run --variant v6_2 --invariant "$inv" --engine kind --depth 2
# (mined: Houdini's per-instance queries are left out; its summary line stays.)
for prover in spacer ic3 mined; do
  run --variant v6_2 --invariant "$inv" --engine pdr --prover "$prover" --certificates "$(mktemp -d)"
done
# The default: the portfolio tries the committed invariant first (into an empty certificates folder).
run --variant v6_2 --invariant "$inv" --engine pdr --certificates "$(mktemp -d)"
