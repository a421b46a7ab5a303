// The forward product's entry points: gemm_forward_impl.hpp's packing, blocking and tiles on
// the build's vectors, SIMD128 in WebAssembly and SSE2 natively, so native ctest runs the same
// logic as the page.
#include <array>
#include <cstddef>

#include "gemm_forward_impl.hpp"
#include "gemm_ops.hpp"
#include "layerlab/gemm.hpp"

#define LAYERLAB_STR2(x) #x
#define LAYERLAB_STR(x) LAYERLAB_STR2(x)

namespace layerlab {
namespace {

using Forward = gemm_forward::Kernels<gemm_simd::Ops, LAYERLAB_GEMM_MR, LAYERLAB_GEMM_NR>;

// a + b at compile time (both with their terminating zero; the result keeps one).
template <std::size_t A, std::size_t B>
constexpr std::array<char, A + B - 1> concat(const char (&a)[A], const char (&b)[B]) {
  std::array<char, A + B - 1> out{};
  for (std::size_t i = 0; i + 1 < A; ++i) out[i] = a[i];
  for (std::size_t i = 0; i < B; ++i) out[A - 1 + i] = b[i];
  return out;
}

// "wasm-simd128 5x8": a constant, so asking for it allocates nothing on the page's heap.
constexpr char kTile[] = " " LAYERLAB_STR(LAYERLAB_GEMM_MR) "x" LAYERLAB_STR(LAYERLAB_GEMM_NR);
constexpr auto kName = concat(gemm_simd::Ops::kName, kTile);

}  // namespace

void PackedWeights::pack(const float* w, std::size_t K, std::size_t N) {  // w (K, N)
  K_ = K;
  N_ = N;
  data_.resize(Forward::packed_size(K, N));
  pack_rows(w, 0, K);
}

void PackedWeights::pack_rows(const float* w, std::size_t k0, std::size_t k1) {  // w (K, N)
  Forward::pack_rows(w, K_, N_, k0, k1, data_.data());
}

void gemm_packed(const float* x,  // (M, K)
                 const PackedWeights& w,
                 const float* b,  // (N,) or null
                 float* y,        // (M, N)
                 std::size_t M, bool relu) {
  const std::size_t K = w.rows();
  const std::size_t N = w.cols();
  if (M == 0 || N == 0) return;
  if (K == 0) {  // no products: y is the bias (then ReLU), exactly what the reference gives
    gemm_reference(x, nullptr, b, y, M, 0, N, relu);
    return;
  }
  Forward::run(x, w.data(), K, N, b, y, M, relu);
}

const char* gemm_kernel_name() { return kName.data(); }

std::size_t gemm_packed_floats(std::size_t K, std::size_t N) { return Forward::packed_size(K, N); }

}  // namespace layerlab
