#!/usr/bin/env bash
# Builds the benchmark's side module and, on request, the standalone kernel harnesses.
#
#   bash bench/kernels/build.sh            -> build/bench/kernels.mjs + kernels.wasm
#       ES module factory `createKernels` (ENVIRONMENT=web,worker: under Node pass
#       { wasmBinary } read from disk). Exports _ll_probe_ceiling, _ll_naive_gemm,
#       _ll_naive_gemm_tn/_nt, _ll_gemm_tn/_nt (the fast backward kernels), _malloc, _free and
#       HEAPF32 (re-read Module.HEAPF32 after any malloc: memory can grow).
#   bash bench/kernels/build.sh harness [MRxNR[:KC[:MC[:PX]]] ...]
#       -> build/bench/harness/gemm_bench_<MR>x<NR>[...].cjs, the real kernels
#       (cpp/src/gemm_forward.cpp, gemm_backward.cpp) compiled with that tile (default: 5x8, the shipped tile), non-modular ENVIRONMENT=node, SINGLE_FILE
#       (Node 20 has fetch(), which 3.1.6 would try on a file path); run with
#       node build/bench/harness/gemm_bench_5x8.cjs [--quick] [shape index ...]
#   bash bench/kernels/build.sh test
#       -> build/bench/harness/gemm_test_wasm.cjs: tests/cpp/gemm_test.cpp and
#       gemm_backward_test.cpp against the WASM kernels, with GoogleTest compiled from
#       /usr/src/googletest, then runs them under node; exits non-zero on any failure.
#   bash bench/kernels/build.sh native
#       -> build/bench/native/gemm_bench: the native kernel (g++ -O3) against gemm_reference.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Debian's emscripten finds acorn and friends only through the system node_modules.
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"

# Same code-generation flags as the core's WASM build: baseline SIMD128, no FMA contraction.
CXXFLAGS=(-std=c++17 -O3 -msimd128 -ffp-contract=off -Wall -Wextra -Wpedantic -Wshadow -Werror)

build_module() {
  mkdir -p build/bench
  em++ "${CXXFLAGS[@]}" -Icpp/include bench/kernels/kernels.cpp \
    cpp/src/gemm_backward.cpp -o build/bench/kernels.mjs \
    -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createKernels -sENVIRONMENT=web,worker \
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sMAXIMUM_MEMORY=1GB \
    -sEXPORTED_FUNCTIONS=_ll_probe_ceiling,_ll_naive_gemm,_ll_naive_gemm_tn,_ll_naive_gemm_nt,_ll_gemm_tn,_ll_gemm_nt,_malloc,_free \
    -sEXPORTED_RUNTIME_METHODS=HEAPF32
  echo "built build/bench/kernels.mjs"
}

build_harness() {
  local spec=$1 tile kc mc px mr nr
  IFS=: read -r tile kc mc px <<<"$spec"
  mr=${tile%x*}
  nr=${tile#*x}
  local defs=(-DLAYERLAB_GEMM_MR="$mr" -DLAYERLAB_GEMM_NR="$nr")
  local name="gemm_bench_${mr}x${nr}"
  if [[ -n "${kc:-}" ]]; then defs+=(-DLAYERLAB_GEMM_KC="$kc"); name+="_kc$kc"; fi
  if [[ -n "${mc:-}" ]]; then defs+=(-DLAYERLAB_GEMM_MC="$mc"); name+="_mc$mc"; fi
  if [[ -n "${px:-}" ]]; then defs+=(-DLAYERLAB_GEMM_PACKX_MIN_PANELS="$px"); name+="_px$px"; fi
  # Extra -D flags for experiments (HARNESS_DEFS="-DLAYERLAB_GEMM_UNROLL=2"), named by
  # HARNESS_TAG so several variants can sit side by side.
  # shellcheck disable=SC2206
  if [[ -n "${HARNESS_DEFS:-}" ]]; then defs+=($HARNESS_DEFS); name+="_${HARNESS_TAG:-x}"; fi
  mkdir -p build/bench/harness
  em++ "${CXXFLAGS[@]}" "${defs[@]}" -Icpp/include \
    bench/kernels/gemm_bench.cpp bench/kernels/kernels.cpp cpp/src/gemm_forward.cpp \
    cpp/src/gemm_backward.cpp cpp/src/gemm_reference.cpp \
    -o "build/bench/harness/$name.cjs" \
    -sENVIRONMENT=node -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=256MB -sMAXIMUM_MEMORY=1GB
  echo "built build/bench/harness/$name.cjs"
}

build_test() {
  local gt=/usr/src/googletest/googletest out=build/bench/harness
  mkdir -p "$out/gtest"
  # GoogleTest itself builds once; it is not held to the project's warning flags.
  for src in gtest-all gtest_main; do
    [[ -f "$out/gtest/$src.o" ]] ||
      em++ -std=c++17 -O2 -fwasm-exceptions -I"$gt/include" -I"$gt" -c "$gt/src/$src.cc" \
        -o "$out/gtest/$src.o"
  done
  em++ "${CXXFLAGS[@]}" -fwasm-exceptions -Icpp/include -I"$gt/include" \
    tests/cpp/gemm_test.cpp tests/cpp/gemm_backward_test.cpp \
    cpp/src/gemm_forward.cpp cpp/src/gemm_backward.cpp cpp/src/gemm_reference.cpp \
    "$out/gtest/gtest-all.o" "$out/gtest/gtest_main.o" -o "$out/gemm_test_wasm.cjs" \
    -sENVIRONMENT=node -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1
  # GoogleTest's exit status is node's: any failed test fails this script (set -e).
  if ! node "$out/gemm_test_wasm.cjs" --gtest_brief=1; then
    echo "FAILED: WASM kernel tests (gemm_test + gemm_backward_test under Node)" >&2
    exit 1
  fi
}

# The native kernel at the native build's flags (Release: -O3), timed against gemm_reference.
build_native() {
  mkdir -p build/bench/native
  g++ -std=c++17 -O3 -ffp-contract=off -Wall -Wextra -Wpedantic -Wshadow -Werror -Icpp/include bench/kernels/native_bench.cpp \
    cpp/src/gemm_forward.cpp cpp/src/gemm_reference.cpp -o build/bench/native/gemm_bench
  build/bench/native/gemm_bench
}

case "${1:-module}" in
  module) build_module ;;
  test) build_test ;;
  native) build_native ;;
  harness)
    shift
    specs=("$@")
    [[ ${#specs[@]} -eq 0 ]] && specs=(5x8)
    for s in "${specs[@]}"; do build_harness "$s"; done
    ;;
  *)
    echo "usage: $0 [module | test | native | harness [MRxNR[:KC[:MC[:PX]]] ...]]" >&2
    exit 2
    ;;
esac
