#!/usr/bin/env bash
# The main job: build pincheck, check every bundled kernel model variant by variant, then
# run each model's scenarios on every variant against the kernel's documented outcomes.
# Exit status: 0 when every check ran to a verdict (violations are expected for old
# kernels and are printed with their traces) and every scenario outcome is the documented
# one; non-zero on a build error, a model error, a search that ended without a verdict,
# or a scenario outcome that differs from the documented one.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
swift build -c release --product pincheck 2>&1 | tail -n 3
bin=.build/release/pincheck
[ -x "$bin" ] || { echo "build failed" >&2; exit 1; }
status=0
for model in models/*.pin; do
  variants=$("$bin" list "$model" | awk '/^variants:/{on=1; next} /^$/{on=0} on{print $1}')
  for variant in $variants; do
    echo "== $model --variant $variant"
    "$bin" check "$model" --variant "$variant"
    rc=$?
    case $rc in
      0|1) ;;                      # holds / violated: a verdict either way
      *) status=1; echo "!! $model $variant: no verdict (exit $rc)" >&2 ;;
    esac
    echo
  done
  echo "== $model: scenarios"
  "$bin" run "$model" --table || { status=1; echo "!! $model: a scenario outcome differs from the documented one" >&2; }
  echo
done
exit $status
