#!/usr/bin/env bash
# WebAssembly build into build/wasm (layerlab.mjs + layerlab.wasm). Incremental: CMake rebuilds
# only what changed, so calling it before every start or test costs a second when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emcc runs its JS optimiser with /usr/bin/node, which finds acorn only here.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
if [[ ! -f build/wasm/CMakeCache.txt ]]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/wasm -j"$(nproc)"
