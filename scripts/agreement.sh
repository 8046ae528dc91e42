#!/usr/bin/env bash
# The engine agreement test on every variant of the bundled kernel model, not only the
# two (v6_1, v6_2) that the test suite checks: PDR (mined) must prove every invariant that
# proofs/obligations.txt says holds, with a certificate that re-checks, and give every
# violation with its shortest trace; k-induction must never contradict it; BMC to its
# bound must find exactly the shallow violations; and `pincheck prove` holds the explicit
# engine to the same file. About 22 minutes on 2 cores (1,344 s measured). Usage: bash scripts/agreement.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PINCHECK_AGREEMENT=all bash scripts/test.sh \
  --filter "pdrAndKInductionAgreeWithTheObligations|bmcFindsExactlyTheShallowViolations|theProjectsObligationsAllHold"
