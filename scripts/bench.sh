#!/usr/bin/env bash
# The explicit engine against SPIN, side by side, in one run (so the machine's noise falls
# on both alike): pincheck interpreted and compiled (one worker and every core) and SPIN
# (depth- and breadth-first, on `pincheck export --promela`) on the kernel model
# (gup_cow v6_2), a kernel-shaped model that scales (Benchmarks/pins_scaled.pin.in at four
# sizes, thousands to millions of states) and two classic models (Benchmarks/filter_lock.pin,
# Benchmarks/philosophers.pin). Prints one table: states, transitions, wall and CPU seconds,
# states/s, peak memory, bytes/state, µs/transition and the ratio to SPIN's depth-first
# states/s. Figures only, no thresholds; exits 1 if the tools disagree on a count.
# Installs spin and gcc with apt when missing. About 10 minutes on 2 cores.
# Usage: bash scripts/bench.sh [--quick]   (--quick: the small sizes only)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
if ! command -v spin >/dev/null || ! command -v gcc >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq spin gcc >/dev/null
fi
swift build -c release --product pincheck 2>&1 | tail -n 1
work=.build/bench
rm -rf "$work" && mkdir -p "$work"
# The scalable model at P processes and G pages.
scaled() {
  sed "s/@NP@/$1/g; s/@P1@/$(($1 - 1))/g; s/@NG@/$2/g; s/@G1@/$(($2 - 1))/g" Benchmarks/pins_scaled.pin.in \
    >"$work/pins_scaled_$1x$2.pin"
  echo "$work/pins_scaled_$1x$2.pin"
}
cases=("gup_cow=models/gup_cow.pin:v6_2" "pins_scaled_2x2=$(scaled 2 2):base" "pins_scaled_6x1=$(scaled 6 1):base")
if [ "${1:-}" != "--quick" ]; then
  cases+=("pins_scaled_7x1=$(scaled 7 1):base" "pins_scaled_8x1=$(scaled 8 1):base:nointerp"
    "filter_lock_6=Benchmarks/filter_lock.pin:base" "philosophers_16=Benchmarks/philosophers.pin:base")
fi
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(spin -V | head -1)"
python3 scripts/bench.py .build/release/pincheck "$work" "${cases[@]}"
