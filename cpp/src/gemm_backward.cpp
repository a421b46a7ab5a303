// The backward products' entry points: gemm_backward_impl.hpp's blocking and tiles on the
// build's vectors, SIMD128 in WebAssembly and SSE2 natively, so native ctest runs the same logic
// as the page.
#include <cstddef>

#include "gemm_backward_impl.hpp"
#include "layerlab/gemm.hpp"

#if defined(__wasm_simd128__)
#include "gemm_backward_ops_wasm.hpp"
#else
#include "gemm_backward_ops_native.hpp"
#endif

namespace layerlab {
namespace {

using Backward = gemm_backward::Kernels<gemm_backward::Ops, gemm_backward::kMr>;

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
