#!/usr/bin/env bash
# clang-tidy over the core (config in .clang-tidy), using build/native's compile database.
# The WASM-only kernel is checked by the WASM build's -Werror instead: its wasm_simd128.h
# intrinsics are not in the native compile database.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/native/compile_commands.json ]] || bash scripts/build-native.sh
# A missing tool is a failure, not "no findings" (scripts/setup.sh --test installs it).
if ! command -v clang-tidy-14 >/dev/null; then
  echo "clang-tidy: clang-tidy-14 is not installed (run scripts/setup.sh --test)" >&2
  exit 1
fi
files=$(ls cpp/src/*.cpp tests/fuzz/network_fuzzer.cpp | grep -v wasm_simd)
# clang-tidy exits non-zero on findings and on failures alike; both are reported below, and its
# own errors (a file it cannot parse, a bad config) are not thrown away.
status=0
out=$(printf '%s\n' $files | xargs -P "$(nproc)" -n 2 clang-tidy-14 -p build/native --quiet 2>&1) || status=$?
if ((status != 0)) || grep -qE '(warning|error):' <<<"$out"; then
  echo "$out"
  echo "clang-tidy: findings or errors above (exit $status)" >&2
  exit 1
fi
echo "clang-tidy: no findings in $(wc -w <<<"$files") files"
