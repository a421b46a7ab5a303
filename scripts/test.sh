#!/usr/bin/env bash
# The whole suite, as `npm test` runs it: set-up, native ctest (plus the fuzz corpus replay),
# clang-tidy, the native suite again under ASan + UBSan, the kernel tests compiled to WASM (the
# SIMD128 paths the native build lacks), Vitest against the real WASM module,
# then browser tests in headless Chromium, the core flows in Chromium, Firefox and WebKit, and the 5,000-action leak and state soak (edits and training).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
echo "== native build and ctest"
bash scripts/build-native.sh
ctest --test-dir build/native --output-on-failure -j"$(nproc)"
echo "== clang-tidy"
bash scripts/tidy.sh
echo "== native tests under ASan + UBSan"
bash scripts/test-sanitized.sh
echo "== WASM build"
bash scripts/build-wasm.sh
echo "== WASM kernel tests (GoogleTest under Node: gemm and gemm_backward on the SIMD128 kernels)"
bash bench/kernels/build.sh test
echo "== Vitest"
npx vitest run
# Each browser step has its own watchdog (tests/browser/suite.mjs and soak.mjs); the
# outer `timeout` is the last line of defence, for a Node process too stuck to run a timer.
echo "== browser tests (headless Chromium)"
timeout --kill-after=30s 30m node tests/browser/run.mjs
echo "== core flows in three engines (Chromium, Firefox ESR, WebKitGTK)"
timeout --kill-after=30s 30m node tests/browser/engines/run.mjs
echo "== leak and state soak: 5,000 random edits and training actions in Chromium"
timeout --kill-after=30s 20m node tests/browser/soak.mjs
