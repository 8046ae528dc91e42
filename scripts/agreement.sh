#!/usr/bin/env bash
# The engine agreement tests on every variant of the bundled kernel model, with PDR's mined
# prover proving every invariant from scratch on all eight variants (the test suite does
# that on v6_2 only, and on every variant proves by the committed invariants in
# proofs/invariants): PDR must prove every invariant that proofs/obligations.txt says
# holds, with a certificate that re-checks, and give every violation with its shortest
# trace; k-induction must never contradict it; BMC to its bound must find exactly the
# shallow violations; and `pincheck prove` holds the explicit engine to the same file.
# About 25 minutes on 2 cores. Usage: bash scripts/agreement.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PINCHECK_AGREEMENT=all bash scripts/test.sh \
  --filter "minedProverAgreesFromScratch|pdrAndKInductionAgreeWithTheObligations|bmcFindsExactlyTheShallowViolations|theProjectsObligationsAllHold"
