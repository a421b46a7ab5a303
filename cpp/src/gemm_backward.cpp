// The backward products' entry points: gemm_backward_impl.hpp's blocking and tiles on the
// build's vectors, SIMD128 in WebAssembly and SSE2 natively, so native ctest runs the same logic
// as the page.
#include <cstddef>

#include "gemm_backward_impl.hpp"
#include "gemm_ops.hpp"
#include "layerlab/gemm.hpp"

// The forward's 5-row tile (gemm_forward_impl.hpp); bench/kernels builds other heights to
// compare.
#ifndef LAYERLAB_GEMM_BWD_MR
#define LAYERLAB_GEMM_BWD_MR 5
#endif

namespace layerlab {
namespace {

using Backward = gemm_backward::Kernels<gemm_simd::Ops, LAYERLAB_GEMM_BWD_MR>;

}  // namespace

void gemm_tn(const float* x, const float* dy, float* dw, std::size_t M, std::size_t K,
             std::size_t N, bool accumulate) {
  Backward::tn(x, dy, dw, M, K, N, accumulate);
}

void gemm_nt(const float* dy, const float* w, float* dx, std::size_t M, std::size_t N,
             std::size_t K) {
  Backward::nt(dy, w, dx, M, N, K);
}

}  // namespace layerlab
