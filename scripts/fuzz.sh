#!/usr/bin/env bash
# Fuzzes the front end with libFuzzer: lex, parse and check (the `list` path) and a small
# explicit exploration of every input that loads. Builds the fuzzer with
# `swiftc -sanitize=fuzzer,address` outside SwiftPM (the normal build is unchanged), seeds
# it with every .pin file of models/ and Fuzz/corpus/, and keeps new inputs in
# .build/fuzz/corpus. A crash is written to .build/fuzz/crash-*; keep it as a regression
# test (Tests/PinLangTests/FuzzRegressionTests.swift).
#
#   bash scripts/fuzz.sh                    # 30 minutes
#   bash scripts/fuzz.sh -max_total_time=60 # any libFuzzer flags
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/fuzz
mkdir -p "$out/PinLang" "$out/PinExplicit" "$out/corpus"
flags=(-O -sanitize=fuzzer,address -parse-as-library -package-name pincheck -I "$out")
if [[ ! -x "$out/fuzz-frontend" || -n "$(find Sources/PinLang Sources/PinExplicit Fuzz -newer "$out/fuzz-frontend" -name '*.swift')" ]]; then
    # -sanitize=fuzzer on the libraries instruments them; libFuzzer's main is linked once, below.
    swiftc "${flags[@]}" -emit-library -static -emit-module -module-name PinLang \
        -emit-module-path "$out/PinLang.swiftmodule" -o "$out/libPinLang.a" \
        $(find Sources/PinLang -name '*.swift' | sort)
    swiftc "${flags[@]}" -emit-library -static -emit-module -module-name PinExplicit \
        -emit-module-path "$out/PinExplicit.swiftmodule" -o "$out/libPinExplicit.a" \
        $(find Sources/PinExplicit -name '*.swift' | sort)
    swiftc "${flags[@]}" -module-name FrontEndFuzzer Fuzz/FrontEndFuzzer.swift \
        "$out/libPinExplicit.a" "$out/libPinLang.a" -o "$out/fuzz-frontend"
fi
seeds="$out/seeds"
rm -rf "$seeds" && mkdir -p "$seeds"
find models Fuzz/corpus -name '*.pin' -exec cp {} "$seeds/" \; 2>/dev/null || true
# -rss_limit_mb: an input that asks for more memory than this is a defect (a missing bound).
exec "$out/fuzz-frontend" "$out/corpus" "$seeds" -artifact_prefix="$out/" -dict=Fuzz/pin.dict \
    -max_len=8192 -timeout=10 -rss_limit_mb=2048 -max_total_time=1800 -print_final_stats=1 "$@"
