#!/usr/bin/env bash
# The whole suite, as `npm test` runs it: set-up, native ctest, Vitest against the real WASM
# module, then browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== native build and ctest"
bash scripts/build-native.sh
ctest --test-dir build/native --output-on-failure -j"$(nproc)"
echo "== WASM build"
bash scripts/build-wasm.sh
echo "== Vitest"
npx vitest run
if [[ -f tests/browser/run.mjs ]]; then
  echo "== browser tests (headless Chromium)"
  node tests/browser/run.mjs
fi
