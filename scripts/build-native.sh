#!/usr/bin/env bash
# Native build (library, GoogleTest suite, reference-output helper) into build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/native -DCMAKE_BUILD_TYPE="${LAYERLAB_BUILD_TYPE:-Release}" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build/native -j"$(nproc)"
