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
  // Repacks rows [k0, k1) of the w (K, N) last packed, after they changed in place.
  void pack_rows(const float* w, std::size_t k0, std::size_t k1);
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

// The two products of Linear's backward pass. Each has a naive reference (the oracle, summing
// in float in a fixed order, see gemm_reference.cpp) and a fast kernel (gemm_backward_*.cpp).
// The fast kernels keep their packing buffers between calls: once warm they allocate nothing.

// Weight gradient: dW (K, N) = xᵀ (K, M) · dy (M, N), or dW += xᵀ · dy when accumulate.
// x (M, K), dy (M, N), dw (K, N); all row-major and contiguous.
void gemm_tn_reference(const float* x, const float* dy, float* dw, std::size_t M, std::size_t K,
                       std::size_t N, bool accumulate);
void gemm_tn(const float* x, const float* dy, float* dw, std::size_t M, std::size_t K,
             std::size_t N, bool accumulate);
// Input gradient: dx (M, K) = dy (M, N) · Wᵀ (N, K), with w (K, N) row-major (Linear's weight).
void gemm_nt_reference(const float* dy, const float* w, float* dx, std::size_t M, std::size_t N,
                       std::size_t K);
void gemm_nt(const float* dy, const float* w, float* dx, std::size_t M, std::size_t N,
             std::size_t K);

// Floats in the packed copy of a w (K, N): whole panels, the last one zero-padded to the narrow
// or the full panel width. The page's training budget counts this copy before allocating it.
std::size_t gemm_packed_floats(std::size_t K, std::size_t N);

// Which fast kernel this build carries, for the benchmark and the page ("wasm-simd128 4x8", ...).
const char* gemm_kernel_name();

}  // namespace layerlab
