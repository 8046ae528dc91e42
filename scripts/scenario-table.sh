#!/usr/bin/env bash
# Regenerates docs/scenario-table.md: every scenario of models/gup_cow.pin run on every
# variant and compared with the kernel's documented behaviour. The test suite fails when
# the committed page differs from what pincheck prints, so run this after changing the
# model or its scenarios, and commit the page.
# Exit status: pincheck's (0 every run matches its documented outcome, 1 some do not; the
# page is written in both cases), or non-zero on a build or model error (page unchanged).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
swift build -c release --product pincheck 2>&1 | tail -n 3
bin=.build/release/pincheck
[ -x "$bin" ] || { echo "build failed" >&2; exit 1; }
page=docs/scenario-table.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$bin" run models/gup_cow.pin --table --format markdown > "$tmp"
status=$?
case $status in
  0|1) cp "$tmp" "$page"; echo "wrote $page" >&2 ;;
  *) echo "pincheck failed (exit $status); $page left unchanged" >&2 ;;
esac
exit $status
