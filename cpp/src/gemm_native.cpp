// The fast matrix product for the native build (tests, reference outputs): the same design as
// gemm_wasm_simd.cpp, on x86-64's baseline SSE2, or on plain float arrays that any compiler
// vectorises where SSE2 is missing.
//
// Layout: W (K, N) is cut into panels of kNr = 8 columns, the last one zero-padded, each stored
// K-major, (K, 8) contiguous, so the micro-kernel streams it. A 4 x 8 tile of y lives in eight
// 4-float accumulators: with the two panel vectors, the broadcast and SSE2's two-operand
// temporary that is 12 of the 16 xmm registers, where 6 x 8 would need all 16 and spill.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <utility>

#include "layerlab/gemm.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace layerlab {
namespace {

constexpr std::size_t kMr = 4;
constexpr std::size_t kNr = 8;
constexpr std::size_t kNv = kNr / 4;
// A (kKc, 8) panel slice (16 KiB) stays in L1 while every row tile of the (kMc, kKc) x block
// (256 KiB, in L2) streams past it.
constexpr std::size_t kKc = 512;
constexpr std::size_t kMc = 128;

#if defined(__SSE2__)
struct Vec {
  __m128 v;
};
inline Vec vload(const float* p) { return {_mm_loadu_ps(p)}; }
inline void vstore(float* p, Vec a) { _mm_storeu_ps(p, a.v); }
inline Vec vsplat(float s) { return {_mm_set1_ps(s)}; }
// Separate mul and add, no FMA: rounds like the reference and like the WASM kernel.
inline Vec vmuladd(Vec acc, Vec a, Vec b) { return {_mm_add_ps(acc.v, _mm_mul_ps(a.v, b.v))}; }
// max(0, a) returns a when a is NaN or -0, exactly std::max(a, 0.0f) in the reference.
inline Vec vrelu(Vec a) { return {_mm_max_ps(_mm_setzero_ps(), a.v)}; }
#else
struct Vec {
  float v[4];
};
inline Vec vload(const float* p) {
  Vec r;
  std::memcpy(r.v, p, sizeof r.v);
  return r;
}
inline void vstore(float* p, Vec a) { std::memcpy(p, a.v, sizeof a.v); }
inline Vec vsplat(float s) { return {{s, s, s, s}}; }
inline Vec vmuladd(Vec acc, Vec a, Vec b) {
  for (int l = 0; l < 4; ++l) acc.v[l] += a.v[l] * b.v[l];
  return acc;
}
inline Vec vrelu(Vec a) {
  for (int l = 0; l < 4; ++l) a.v[l] = std::max(a.v[l], 0.0f);
  return a;
}
#endif

// How a tile's accumulators start: from the bias or zero (first K block), or from the partial
// sums already in y (later K blocks of a product cut along K).
enum class Start { kBias, kZero, kPartial };

// One MR x 8 tile over kc steps of k.
// a (MR, lda) from the block's first column; p (kc, 8) panel slice; c (MR, ldc);
// bias (8,) used only when start == kBias.
template <std::size_t MR>
void tile(std::size_t kc, const float* a, std::size_t lda, const float* p, float* c,
          std::size_t ldc, const float* bias, Start start, bool relu) {
  Vec acc[MR][kNv];
  if (start == Start::kPartial) {
    for (std::size_t m = 0; m < MR; ++m)
      for (std::size_t v = 0; v < kNv; ++v) acc[m][v] = vload(c + m * ldc + 4 * v);
  } else {
    for (std::size_t v = 0; v < kNv; ++v) {
      const Vec init = start == Start::kBias ? vload(bias + 4 * v) : vsplat(0.0f);
      for (std::size_t m = 0; m < MR; ++m) acc[m][v] = init;
    }
  }

  // Native addressing takes base + index * 4, so the rows of x need no packing: one shared
  // index walks all MR rows.
  for (std::size_t k = 0; k < kc; ++k) {
    Vec pv[kNv];
    for (std::size_t v = 0; v < kNv; ++v) pv[v] = vload(p + 4 * v);
    p += kNr;
    for (std::size_t m = 0; m < MR; ++m) {
      const Vec av = vsplat(a[m * lda + k]);
      for (std::size_t v = 0; v < kNv; ++v) acc[m][v] = vmuladd(acc[m][v], av, pv[v]);
    }
  }

  if (relu)
    for (std::size_t m = 0; m < MR; ++m)
      for (std::size_t v = 0; v < kNv; ++v) acc[m][v] = vrelu(acc[m][v]);
  for (std::size_t m = 0; m < MR; ++m)
    for (std::size_t v = 0; v < kNv; ++v) vstore(c + m * ldc + 4 * v, acc[m][v]);
}

using TileFn = void (*)(std::size_t, const float*, std::size_t, const float*, float*,
                       std::size_t, const float*, Start, bool);

template <std::size_t... Rs>
constexpr std::array<TileFn, sizeof...(Rs)> make_tiles(std::index_sequence<Rs...>) {
  return {&tile<Rs + 1>...};
}

// kTiles[r - 1] handles r rows, so the last rows of a batch (and batch = 1) do only their own
// work instead of being padded to kMr.
constexpr auto kTiles = make_tiles(std::make_index_sequence<kMr>{});

}  // namespace

void PackedWeights::pack(const float* w, std::size_t K, std::size_t N) {  // w (K, N)
  K_ = K;
  N_ = N;
  const std::size_t panels = (N + kNr - 1) / kNr;
  data_.assign(panels * K * kNr, 0.0f);  // the last panel's padding stays zero from here on
  pack_rows(w, 0, K);
}

void PackedWeights::pack_rows(const float* w, std::size_t k0, std::size_t k1) {  // w (K, N)
  const std::size_t K = K_, N = N_;
  const std::size_t panels = (N + kNr - 1) / kNr;
  for (std::size_t p = 0; p < panels; ++p) {
    const std::size_t j0 = p * kNr;
    const std::size_t width = std::min(kNr, N - j0);
    float* dst = data_.data() + p * K * kNr;  // (K, kNr)
    for (std::size_t k = k0; k < k1; ++k)
      std::memcpy(dst + k * kNr, w + k * N + j0, width * sizeof(float));
  }
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

  const std::size_t panels = (N + kNr - 1) / kNr;
  const std::size_t tail = N - (panels - 1) * kNr;  // valid columns of the last panel
  // Equal K blocks rather than kKc-sized ones plus a sliver, which would reload and store
  // every tile of y for almost no work.
  const std::size_t kblocks = (K + kKc - 1) / kKc;
  const std::size_t kstep = (K + kblocks - 1) / kblocks;

  // The last panel is computed into this scratch tile and its valid columns copied out, so the
  // micro-kernel never needs masked loads or stores.
  alignas(16) float edge[kMr * kNr] = {};
  alignas(16) float edge_bias[kNr] = {};
  if (b && tail != kNr) std::memcpy(edge_bias, b + (panels - 1) * kNr, tail * sizeof(float));

  for (std::size_t k0 = 0; k0 < K; k0 += kstep) {
    const std::size_t kc = std::min(kstep, K - k0);
    const bool first = k0 == 0;
    const Start start = !first ? Start::kPartial : (b ? Start::kBias : Start::kZero);
    const bool fuse_relu = relu && k0 + kc == K;

    for (std::size_t i0 = 0; i0 < M; i0 += kMc) {
      const std::size_t mc = std::min(kMc, M - i0);
      for (std::size_t p = 0; p < panels; ++p) {
        const std::size_t j0 = p * kNr;
        const float* panel = w.data() + p * K * kNr + k0 * kNr;  // (kc, kNr)
        const bool full = p + 1 < panels || tail == kNr;
        const float* bias = full ? (b ? b + j0 : nullptr) : edge_bias;
        for (std::size_t i = i0; i < i0 + mc; i += kMr) {
          const std::size_t rows = std::min(kMr, i0 + mc - i);
          const float* a = x + i * K + k0;  // (rows, K)
          float* c = y + i * N + j0;        // (rows, N)
          if (full) {
            kTiles[rows - 1](kc, a, K, panel, c, N, bias, start, fuse_relu);
          } else {
            if (start == Start::kPartial)
              for (std::size_t r = 0; r < rows; ++r)
                std::memcpy(edge + r * kNr, c + r * N, tail * sizeof(float));
            kTiles[rows - 1](kc, a, K, panel, edge, kNr, bias, start, fuse_relu);
            for (std::size_t r = 0; r < rows; ++r)
              std::memcpy(c + r * N, edge + r * kNr, tail * sizeof(float));
          }
        }
      }
    }
  }
}

const char* gemm_kernel_name() {
#if defined(__SSE2__)
  return "native-sse2 4x8";
#else
  return "native-scalar 4x8";
#endif
}

}  // namespace layerlab
