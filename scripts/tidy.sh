#!/usr/bin/env bash
# clang-tidy over the core (config in .clang-tidy), using build/native's compile database.
# The WASM-only kernel is checked by the WASM build's -Werror instead: its wasm_simd128.h
# intrinsics are not in the native compile database.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/native/compile_commands.json ]] || bash scripts/build-native.sh
files=$(ls cpp/src/*.cpp tests/fuzz/network_fuzzer.cpp | grep -v wasm_simd)
out=$(printf '%s\n' $files | xargs -P "$(nproc)" -n 2 clang-tidy-14 -p build/native --quiet 2>/dev/null || true)
if grep -qE '(warning|error):' <<<"$out"; then
  echo "$out"
  echo "clang-tidy: findings above" >&2
  exit 1
fi
echo "clang-tidy: no findings in $(wc -w <<<"$files") files"
