#!/usr/bin/env bash
# The native suite under AddressSanitizer + UndefinedBehaviorSanitizer (and LeakSanitizer, which
# works in this container: no ptrace restriction gets in its way). Builds build/asan with g++
# (-DLAYERLAB_SANITIZE=ON) and runs ctest there: the GoogleTest suite and the fuzz corpus replay.
#   scripts/test-sanitized.sh
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/asan
start=$(date +%s)
echo "== configure and build $build (ASan + UBSan)"
# RelWithDebInfo (-O2 -g): Debug xtensor code runs several times slower under ASan, and -O2
# keeps the whole build and run well under the few minutes npm test can spare.
cmake -S . -B "$build" -DLAYERLAB_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"

echo "== ctest under sanitizers"
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
echo "== sanitized build and tests took $(( $(date +%s) - start ))s"
