#!/usr/bin/env bash
# Re-derives the committed inductive invariants proofs/invariants/gup_cow/VARIANT.txt (all
# eight variants when none is named) from proofs from scratch: the mined prover proves
# every invariant of the variant that holds, and the file gets the union of its
# certificates' invariant.txt lines (the inductive lemmas it mined, and the IC3 clauses of
# each invariant that needed them), less the lines the others imply. Each certificate's
# lines are an inductive invariant, and a conjunction of inductive invariants is
# inductive, so the union proves every one of them. The default portfolio must prove each
# of them by the union, and again by the file without the implied lines (the lines its
# certificates keep). A file is replaced only once its variant's proofs succeeded. Run it
# after a model change breaks a committed invariant (the test suite says which). About 3 to
# 10 minutes a variant on 2 cores.
# Usage: bash scripts/refresh-invariants.sh [VARIANT...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product pincheck 2>&1 | tail -n 1
bin=.build/release/pincheck
model=models/gup_cow.pin
if [ $# -gt 0 ]; then
  variants=("$@")
else
  mapfile -t variants < <("$bin" list "$model" | awk '/^variants:/{on=1; next} /^$/{on=0} on{print $1}')
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The lines of the certificates' invariant.txt files in folder $1, each once, in order.
invariant_lines() { cat "$1"/*/invariant.txt | grep -v '^#' | awk 'NF && !seen[$0]++'; }
mkdir -p proofs/invariants/gup_cow
for v in "${variants[@]}"; do
  echo "== $v: proving every invariant from scratch (mined prover)"
  rc=0
  "$bin" check "$model" --variant "$v" --engine pdr --prover mined --certificates "$work/scratch" >"$work/$v.log" 2>&1 || rc=$?
  # 0: all hold; 1: some are violated (expected for old kernels); anything else: no verdict.
  if [ "$rc" -gt 1 ] || grep -q ': unknown' "$work/$v.log"; then
    cat "$work/$v.log" >&2
    echo "!! $v: the mined prover gave no verdict for every invariant (exit $rc)" >&2
    exit 1
  fi
  proved=$(grep -c ': holds' "$work/$v.log" || true)
  out="proofs/invariants/gup_cow/$v.txt"
  mkdir -p "$work/committed/gup_cow"
  # Every line of every certificate: the file the portfolio is to prove by.
  invariant_lines "$work/scratch/gup_cow/$v" >"$work/committed/gup_cow/$v.txt"
  lines=$(wc -l <"$work/committed/gup_cow/$v.txt")
  for pass in union reduced; do
    echo "== $v: proving every invariant by the $pass ($(wc -l <"$work/committed/gup_cow/$v.txt") lines)"
    rm -rf "$work/by-hints"
    rc=0
    "$bin" check "$model" --variant "$v" --engine pdr --certificates "$work/by-hints" \
      --committed-invariants "$work/committed" --stats >"$work/$v.check" 2>&1 || rc=$?
    # The verdict lines (a progress line can repeat a query's line, so count verdicts).
    by=$(grep -c "^  invariant .*: holds (unbounded proof by hints (an earlier proof's invariant" "$work/$v.check" || true)
    if [ "$rc" -gt 1 ] || [ "$by" -ne "$proved" ]; then
      cat "$work/$v.check" >&2
      echo "!! $v: the $pass proves $by of the $proved invariants that hold; $out is unchanged" >&2
      exit 1
    fi
    # The certificates it wrote keep only the lines the others do not imply (the same
    # conjunction): those are the file.
    invariant_lines "$work/by-hints/gup_cow/$v" >"$work/committed/gup_cow/$v.txt"
  done
  {
    echo "# The inductive invariant of pincheck's proofs of gup_cow, variant $v: every slot within"
    echo "# its domain, and the lines below, in the modelling language (the mined prover's inductive"
    echo "# lemmas, then the IC3 clauses of the invariants that needed them; of the $lines lines of"
    echo "# its certificates, those the others imply are left out). It proves each of the $proved"
    echo "# invariants of $v that hold. \`pincheck check models/gup_cow.pin --variant $v --engine pdr\`"
    echo "# tries it first for an invariant whose --certificates folder has no certificate yet: it"
    echo "# is a proof once every obligation of the certificate it makes is unsat, else it is set"
    echo "# aside. Written by scripts/refresh-invariants.sh; see proofs/README.md."
    cat "$work/committed/gup_cow/$v.txt"
  } >"$work/$v.txt"
  mv "$work/$v.txt" "$out"
  echo "== $v: $out proves all $proved"
done
