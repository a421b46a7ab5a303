// The fast matrix product for the WebAssembly build: baseline SIMD128 only (relaxed SIMD's FMA
// opcodes from clang 14 are rejected by Node 20), so every step is a separate f32x4 mul and add.
//
// Layout: W (K, N) is cut into panels of kNr columns, the last one zero-padded, and each panel
// is stored K-major, (K, kNr) contiguous, so the micro-kernel streams it with plain v128 loads.
// Packing happens once per weight edit; gemm_packed never touches the original W.
//
// Micro-kernel: a kMr x kNr tile of y lives in kMr * kNr / 4 v128 accumulators. Every k step
// broadcasts one x value per row (v128.load32_splat: one vbroadcastss under V8) and multiplies
// it into the kNr / 4 vectors of the panel row. V8 on x86 gives wasm 15 allocatable xmm
// registers and needs one more for each mul's result before the add, so 5 x 8 (10 accumulators
// + 2 panel vectors + broadcast + product = 14) is the largest tile that does not spill; 6 x 8,
// 4 x 12 and 3 x 16 spill and run a third slower. Bias and ReLU are fused into the tile.
#include <wasm_simd128.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

#include "layerlab/gemm.hpp"

// Tile shape and blocking are macros so bench/kernels/build.sh can sweep them; the defaults are
// the fastest measured under Node 20 on the development machine (see bench/kernels/README.md).
#ifndef LAYERLAB_GEMM_MR
#define LAYERLAB_GEMM_MR 5
#endif
#ifndef LAYERLAB_GEMM_NR
#define LAYERLAB_GEMM_NR 8
#endif
#ifndef LAYERLAB_GEMM_PACKX_MIN_PANELS
#define LAYERLAB_GEMM_PACKX_MIN_PANELS 4
#endif
#ifndef LAYERLAB_GEMM_KC
#define LAYERLAB_GEMM_KC 512
#endif
#ifndef LAYERLAB_GEMM_MC
#define LAYERLAB_GEMM_MC 320
#endif

#define LAYERLAB_STR2(x) #x
#define LAYERLAB_STR(x) LAYERLAB_STR2(x)

namespace layerlab {
namespace {

constexpr std::size_t kMr = LAYERLAB_GEMM_MR;
constexpr std::size_t kNr = LAYERLAB_GEMM_NR;
// A (kKc, kNr) slice of a panel (16 KiB at 512 x 8) stays in L1 (32 KiB) while every row tile
// of x streams past it; the packed (kMc, kKc) block of x (640 KiB at 320 x 512) stays in L2
// (1 MiB) while every panel visits it, and a batch of up to kMc rows reads W only once.
constexpr std::size_t kKc = LAYERLAB_GEMM_KC;
constexpr std::size_t kMc = LAYERLAB_GEMM_MC / kMr * kMr;  // whole tiles
static_assert(kNr % 4 == 0 && kNr >= 4, "panel width must be whole v128 vectors");
static_assert(kMr >= 1 && kMc >= kMr, "a row block must hold a tile");

constexpr std::size_t kNv = kNr / 4;

// How a tile's accumulators start: from the bias (first K block), or from the partial sums
// already in y (later K blocks of a product cut along K).
enum class Start { kBias, kZero, kPartial };

// One MR x kNr tile over kc steps of k.
// a: packed x block (kc, MR) k-major when kPackedX, else x itself (MR, lda) from the block's
// first column; p (kc, kNr) panel slice; c (MR, ldc); bias (kNr,) used only when
// start == kBias.
template <std::size_t MR, bool kPackedX>
void tile(std::size_t kc, const float* a, std::size_t lda, const float* p, float* c,
          std::size_t ldc, const float* bias, Start start, bool relu) {
  v128_t acc[MR][kNv];
  if (start == Start::kPartial) {
    for (std::size_t m = 0; m < MR; ++m)
      for (std::size_t v = 0; v < kNv; ++v) acc[m][v] = wasm_v128_load(c + m * ldc + 4 * v);
  } else {
    for (std::size_t v = 0; v < kNv; ++v) {
      const v128_t init =
          start == Start::kBias ? wasm_v128_load(bias + 4 * v) : wasm_f32x4_splat(0.0f);
      for (std::size_t m = 0; m < MR; ++m) acc[m][v] = init;
    }
  }

  // The 20 muls and adds of a 5 x 8 step share the core with 7 loads, the pointer updates and
  // V8's per-iteration stack check, and the x86 front end issues only about six instructions a
  // cycle, so every integer op counts: with x packed only two pointers advance per step
  // instead of one per row (+6% on the large shapes). Unrolling k by 2 or 4 makes TurboFan
  // hoist the panel loads and spill accumulators (-25% in trials), so the loop stays one step.
  const float* rows[MR];
  for (std::size_t m = 0; m < MR; ++m) rows[m] = a + m * lda;
  const float* const end = p + kc * kNr;
  for (std::size_t k = 0; p != end; ++k) {
    v128_t pv[kNv];
    for (std::size_t v = 0; v < kNv; ++v) pv[v] = wasm_v128_load(p + 4 * v);
    for (std::size_t m = 0; m < MR; ++m) {
      const v128_t av = kPackedX ? wasm_v128_load32_splat(a + m)
                                 : wasm_v128_load32_splat(rows[m] + k);
      for (std::size_t v = 0; v < kNv; ++v)
        acc[m][v] = wasm_f32x4_add(acc[m][v], wasm_f32x4_mul(av, pv[v]));
    }
    a += MR;
    p += kNr;
  }

  if (relu) {
    // pmax(x, 0) is `x < 0 ? 0 : x`, the same as std::max(x, 0.0f) in the reference, and one
    // maxps under V8 (f32x4.max needs a NaN/-0 fix-up sequence).
    const v128_t zero = wasm_f32x4_splat(0.0f);
    for (std::size_t m = 0; m < MR; ++m)
      for (std::size_t v = 0; v < kNv; ++v) acc[m][v] = wasm_f32x4_pmax(acc[m][v], zero);
  }
  for (std::size_t m = 0; m < MR; ++m)
    for (std::size_t v = 0; v < kNv; ++v) wasm_v128_store(c + m * ldc + 4 * v, acc[m][v]);
}

using TileFn = void (*)(std::size_t, const float*, std::size_t, const float*, float*,
                       std::size_t, const float*, Start, bool);

template <bool kPackedX, std::size_t... Rs>
constexpr std::array<TileFn, sizeof...(Rs)> make_tiles(std::index_sequence<Rs...>) {
  return {&tile<Rs + 1, kPackedX>...};
}

// tiles[r - 1] handles r rows, so the last rows of a batch (and batch = 1) do only their own
// work instead of being padded to kMr.
constexpr auto kPackedTiles = make_tiles<true>(std::make_index_sequence<kMr>{});
constexpr auto kDirectTiles = make_tiles<false>(std::make_index_sequence<kMr>{});

// Packing x is a transposing copy, repaid only when several panels reuse it: with two panels,
// (32x128)x(128x10), it drops the product from 19 to 13 GFLOP/s; from 16 panels on it is free
// or better (strided rows 16 KiB apart, K = 4096, cost 6% through cache-set conflicts).
constexpr std::size_t kPackXMinPanels = LAYERLAB_GEMM_PACKX_MIN_PANELS;

// x (M, K): rows [i0, i0 + mc), columns [k0, k0 + kc) into out, as tiles of kMr rows (fewer in
// the last one), each (kc, rows) k-major.
void pack_x(const float* x, std::size_t K, std::size_t i0, std::size_t mc, std::size_t k0,
            std::size_t kc, float* out) {
  for (std::size_t t = 0; t < mc; t += kMr) {
    const std::size_t rows = std::min(kMr, mc - t);
    const float* src = x + (i0 + t) * K + k0;  // (rows, K)
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t k = 0; k < kc; ++k) out[k * rows + r] = src[r * K + k];
    out += rows * kc;
  }
}

// Room for the packed x block, grown to the largest block seen and then reused, so forward
// passes do not allocate. One buffer for the process: the WASM build is single-threaded.
float* xpack_buffer(std::size_t floats) {
  static std::vector<float> buffer;
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}

}  // namespace

void PackedWeights::pack(const float* w, std::size_t K, std::size_t N) {  // w (K, N)
  K_ = K;
  N_ = N;
  const std::size_t panels = (N + kNr - 1) / kNr;
  data_.assign(panels * K * kNr, 0.0f);
  for (std::size_t p = 0; p < panels; ++p) {
    const std::size_t j0 = p * kNr;
    const std::size_t width = std::min(kNr, N - j0);
    float* dst = data_.data() + p * K * kNr;  // (K, kNr)
    for (std::size_t k = 0; k < K; ++k)
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

  if (K == 0) {
    for (std::size_t i = 0; i < M; ++i)
      for (std::size_t j = 0; j < N; ++j) {
        const float v = b ? b[j] : 0.0f;
        y[i * N + j] = relu ? std::max(v, 0.0f) : v;
      }
    return;
  }

  const std::size_t panels = (N + kNr - 1) / kNr;
  const std::size_t tail = N - (panels - 1) * kNr;  // valid columns of the last panel
  // Equal K blocks rather than kKc-sized ones plus a sliver: a 20-step remainder block would
  // pay the full cost of reloading and storing every tile of y for almost no work.
  const std::size_t kblocks = (K + kKc - 1) / kKc;
  const std::size_t kstep = (K + kblocks - 1) / kblocks;

  // The last panel is computed into this scratch tile and its valid columns copied out, so the
  // micro-kernel never needs masked loads or stores.
  alignas(16) float edge[kMr * kNr] = {};
  alignas(16) float edge_bias[kNr] = {};
  if (b && tail != kNr) std::memcpy(edge_bias, b + (panels - 1) * kNr, tail * sizeof(float));

  const bool packed = panels >= kPackXMinPanels;
  float* const xpack = packed ? xpack_buffer(std::min(M, kMc) * kstep) : nullptr;  // (mc, kc)
  const auto& tiles = packed ? kPackedTiles : kDirectTiles;

  for (std::size_t k0 = 0; k0 < K; k0 += kstep) {
    const std::size_t kc = std::min(kstep, K - k0);
    const bool first = k0 == 0;
    const bool last = k0 + kc == K;
    const Start start = !first ? Start::kPartial : (b ? Start::kBias : Start::kZero);
    const bool fuse_relu = last && relu;

    for (std::size_t i0 = 0; i0 < M; i0 += kMc) {
      const std::size_t mc = std::min(kMc, M - i0);
      if (packed) pack_x(x, K, i0, mc, k0, kc, xpack);
      for (std::size_t p = 0; p < panels; ++p) {
        const std::size_t j0 = p * kNr;
        const float* panel = w.data() + p * K * kNr + k0 * kNr;  // (kc, kNr)
        const bool full = p + 1 < panels || tail == kNr;
        const float* bias = full ? (b ? b + j0 : nullptr) : edge_bias;
        for (std::size_t i = i0; i < i0 + mc; i += kMr) {
          const std::size_t rows = std::min(kMr, i0 + mc - i);
          const float* a = packed ? xpack + (i - i0) * kc : x + i * K + k0;
          float* c = y + i * N + j0;  // (rows, N)
          if (full) {
            tiles[rows - 1](kc, a, K, panel, c, N, bias, start, fuse_relu);
          } else {
            if (start == Start::kPartial)
              for (std::size_t r = 0; r < rows; ++r)
                std::memcpy(edge + r * kNr, c + r * N, tail * sizeof(float));
            tiles[rows - 1](kc, a, K, panel, edge, kNr, bias, start, fuse_relu);
            for (std::size_t r = 0; r < rows; ++r)
              std::memcpy(c + r * N, edge + r * kNr, tail * sizeof(float));
          }
        }
      }
    }
  }
}

const char* gemm_kernel_name() {
  return "wasm-simd128 " LAYERLAB_STR(LAYERLAB_GEMM_MR) "x" LAYERLAB_STR(LAYERLAB_GEMM_NR);
}

}  // namespace layerlab
