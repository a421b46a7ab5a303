// Side-module entry points for the benchmark (build.sh -> build/bench/kernels.mjs + .wasm):
//   ll_probe_ceiling    the machine's reachable f32x4 mul+add rate, from registers only
//   ll_naive_gemm       the naive triple loop (same order as gemm_reference) compiled to WASM
//   ll_naive_gemm_tn/nt the naive backward loops (same order as gemm_tn/nt_reference)
//   ll_gemm_tn/nt       the fast backward kernels (layerlab::gemm_tn / gemm_nt), until the
//                       bindings expose Linear's backward
// Plain C ABI so bench/run.mjs can call them through cwrap/ccall or the raw exports.
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

#include <cstddef>

#include "layerlab/gemm.hpp"

namespace {

// Read once per call so the compiler can neither fold the multiplier to 1 nor hoist the
// products out of the loop.
volatile float g_scale = 1.0f;
volatile float g_step = 1.0e-7f;
volatile float g_sink = 0.0f;

constexpr int kPairs = 6;

}  // namespace

extern "C" {

// Runs `iters` rounds of 6 f32x4 multiply chains and 6 f32x4 add chains (12 accumulators,
// 8 flops per mul + add pair, 48 flops a round) and returns the flop count; the caller times
// it. Decoupled chains because on this machine's x86 (2 mul + 2 add pipes, 3-cycle latency)
// they reach the pipes' throughput, while dependent acc = acc * s + t chains stay latency-bound
// (12 of them: 37 vs 44 GFLOP/s here); 12 accumulators + 2 constants still fit in V8's 15
// allocatable xmm registers (one more chain pair spills and halves the rate). The multiplier
// is 1 and the step tiny, so no value ever overflows or turns subnormal. The first call runs
// in Liftoff: warm up before timing.
EMSCRIPTEN_KEEPALIVE double ll_probe_ceiling(int iters) {
  const v128_t scale = wasm_f32x4_splat(g_scale);
  const v128_t step = wasm_f32x4_splat(g_step);
  v128_t prod[kPairs], sum[kPairs];
  for (int c = 0; c < kPairs; ++c) prod[c] = sum[c] = wasm_f32x4_splat(static_cast<float>(c + 1));
  for (int i = 0; i < iters; ++i)
    for (int c = 0; c < kPairs; ++c) {
      prod[c] = wasm_f32x4_mul(prod[c], scale);
      sum[c] = wasm_f32x4_add(sum[c], step);
    }
  v128_t total = wasm_f32x4_splat(0.0f);
  for (int c = 0; c < kPairs; ++c) total = wasm_f32x4_add(total, wasm_f32x4_add(prod[c], sum[c]));
  g_sink = wasm_f32x4_extract_lane(total, 0);
  return static_cast<double>(iters) * kPairs * 8.0;
}

// x (M, K), w (K, N), b (N,) or null, y (M, N). i-j-k order, accumulating in float from 0 and
// adding the bias last, like layerlab::gemm_reference; no ReLU.
EMSCRIPTEN_KEEPALIVE void ll_naive_gemm(const float* x, const float* w, const float* b, float* y,
                                        int M, int K, int N) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (int k = 0; k < K; ++k)
        acc += x[static_cast<std::size_t>(i) * K + k] * w[static_cast<std::size_t>(k) * N + j];
      y[static_cast<std::size_t>(i) * N + j] = b ? acc + b[j] : acc;
    }
}

// x (M, K), dy (M, N), dw (K, N) = xᵀ·dy: k-j-m order, float from 0 (no accumulate).
EMSCRIPTEN_KEEPALIVE void ll_naive_gemm_tn(const float* x, const float* dy, float* dw, int M,
                                           int K, int N) {
  for (int k = 0; k < K; ++k)
    for (int j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (int m = 0; m < M; ++m)
        acc += x[static_cast<std::size_t>(m) * K + k] * dy[static_cast<std::size_t>(m) * N + j];
      dw[static_cast<std::size_t>(k) * N + j] = acc;
    }
}

// dy (M, N), w (K, N), dx (M, K) = dy·wᵀ: i-k-n order, float from 0.
EMSCRIPTEN_KEEPALIVE void ll_naive_gemm_nt(const float* dy, const float* w, float* dx, int M,
                                           int N, int K) {
  for (int i = 0; i < M; ++i)
    for (int k = 0; k < K; ++k) {
      float acc = 0.0f;
      for (int n = 0; n < N; ++n)
        acc += dy[static_cast<std::size_t>(i) * N + n] * w[static_cast<std::size_t>(k) * N + n];
      dx[static_cast<std::size_t>(i) * K + k] = acc;
    }
}

EMSCRIPTEN_KEEPALIVE void ll_gemm_tn(const float* x, const float* dy, float* dw, int M, int K,
                                     int N, int accumulate) {
  layerlab::gemm_tn(x, dy, dw, M, K, N, accumulate != 0);
}

EMSCRIPTEN_KEEPALIVE void ll_gemm_nt(const float* dy, const float* w, float* dx, int M, int N,
                                     int K) {
  layerlab::gemm_nt(dy, w, dx, M, N, K);
}

}  // extern "C"
