#pragma once
// The matrix product behind Linear: y (M, N) = x (M, K) · W (K, N) + b (N,), optionally
// followed by ReLU. All buffers row-major and contiguous; b may be null.
//
// Two implementations stay side by side: gemm_reference (a naive triple loop, the oracle every
// fast path is tested against) and gemm_packed (the fast kernel, on weights packed once per
// edit into the layout the kernel wants).
#include <cstddef>
#include <vector>

namespace layerlab {

// x (M, K), w (K, N), b (N,) or null, y (M, N).
void gemm_reference(const float* x, const float* w, const float* b, float* y, std::size_t M,
                    std::size_t K, std::size_t N, bool relu);

// W rearranged for the fast kernel. Its layout is private to the kernel's implementation.
class PackedWeights {
 public:
  void pack(const float* w, std::size_t K, std::size_t N);  // w (K, N)
  std::size_t rows() const { return K_; }                   // K
  std::size_t cols() const { return N_; }                   // N
  const float* data() const { return data_.data(); }

 private:
  std::size_t K_ = 0, N_ = 0;
  std::vector<float> data_;
};

// x (M, K), b (N,) or null, y (M, N); K and N from the packed weights.
void gemm_packed(const float* x, const PackedWeights& w, const float* b, float* y, std::size_t M,
                 bool relu);

// Which fast kernel this build carries, for the benchmark and the page ("wasm-simd128 4x8", ...).
const char* gemm_kernel_name();

}  // namespace layerlab
