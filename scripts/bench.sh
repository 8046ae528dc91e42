#!/usr/bin/env bash
# Benchmark of the explicit engine on the bundled models: states, transitions, states per
# second, time and peak memory, per variant and worker count. Figures only; no thresholds
# (machines are noisy). Usage: bash scripts/bench.sh [MODEL ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product pincheck 2>&1 | tail -n 1
bin=.build/release/pincheck
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(models/*.pin)
cores=$(nproc)
printf '%-22s %-10s %7s %10s %12s %9s %12s %10s\n' model variant workers states transitions time states/s "peak mem"
for model in "${models[@]}"; do
  variants=$("$bin" list "$model" | awk '/^variants:/{on=1; next} /^$/{on=0} on{print $1}')
  for variant in $variants; do
    for workers in 1 "$cores"; do
      json=$("$bin" check "$model" --variant "$variant" --workers "$workers" --json || true)
      python3 - "$model" "$variant" "$workers" <<PY
import json, sys
r = json.loads('''$json''')
s = r["statistics"]
t = float(s["time"].rstrip("s"))
states = int(s["states"])
print(f'{sys.argv[1][-22:]:<22} {sys.argv[2]:<10} {sys.argv[3]:>7} {states:>10} {int(s["transitions"]):>12} {t:>8.2f}s {states/max(t,1e-9):>12.0f} {s["peak memory"]:>10}')
PY
    done
  done
done
