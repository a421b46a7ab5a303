// The naive product: the oracle every fast kernel is tested against. Kept deliberately plain.
#include <algorithm>

#include "layerlab/gemm.hpp"

namespace layerlab {

void gemm_reference(const float* x,  // (M, K)
                    const float* w,  // (K, N)
                    const float* b,  // (N,) or null
                    float* y,        // (M, N)
                    std::size_t M, std::size_t K, std::size_t N, bool relu) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (std::size_t k = 0; k < K; ++k) acc += x[i * K + k] * w[k * N + j];
      if (b) acc += b[j];
      y[i * N + j] = relu ? std::max(acc, 0.0f) : acc;
    }
  }
}

// Σ over m = 0, 1, ..., M-1 in float from 0, then (accumulate) added to the old dw: the
// order a reader expects, not the fast kernel's, which is why tests compare with a tolerance.
void gemm_tn_reference(const float* x,   // (M, K)
                       const float* dy,  // (M, N)
                       float* dw,        // (K, N)
                       std::size_t M, std::size_t K, std::size_t N, bool accumulate) {
  for (std::size_t k = 0; k < K; ++k) {
    for (std::size_t j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (std::size_t m = 0; m < M; ++m) acc += x[m * K + k] * dy[m * N + j];
      dw[k * N + j] = accumulate ? dw[k * N + j] + acc : acc;
    }
  }
}

// Σ over n = 0, 1, ..., N-1 in float from 0 (N = 0 gives zeros).
void gemm_nt_reference(const float* dy,  // (M, N)
                       const float* w,   // (K, N)
                       float* dx,        // (M, K)
                       std::size_t M, std::size_t N, std::size_t K) {
  for (std::size_t i = 0; i < M; ++i) {
    for (std::size_t k = 0; k < K; ++k) {
      float acc = 0.0f;
      for (std::size_t n = 0; n < N; ++n) acc += dy[i * N + n] * w[k * N + n];
      dx[i * K + k] = acc;
    }
  }
}

}  // namespace layerlab
