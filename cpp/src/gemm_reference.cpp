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

}  // namespace layerlab
