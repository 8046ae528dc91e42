#!/usr/bin/env bash
# Runs the test suite: installs libz3-dev if missing, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build --build-tests
swift test --skip-build --disable-xctest "$@"   # every test uses Swift Testing
