#!/usr/bin/env bash
# Runs the test suite: installs libz3-dev if missing, builds, runs every test.
# Tests are built optimised: several explore every variant of the bundled model in full,
# which takes about ten times longer in a debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --build-tests
swift test -c release --skip-build --disable-xctest "$@"   # every test uses Swift Testing
