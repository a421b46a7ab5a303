#pragma once
// The forward product's packing, blocking and micro-kernels, written once over the build's
// vector ops (gemm_ops.hpp): SIMD128 on the page, SSE2 natively, so native ctest runs this code.
// The design and every measurement below are for the page: V8 (Node 20) on x86.
//
// Layout: W (K, N) is cut into panels of NR columns, each stored K-major, (K, NR) contiguous,
// so the micro-kernel streams it with plain vector loads. When the last panel would hold 4 or
// fewer real columns (N = 10: 2 of 8) it is stored 4 wide, (K, 4), and served by a one-vector
// tile, so it costs half. Padding columns are zero. Packing happens once per weight edit;
// the product never touches the original W.
//
// Micro-kernel: an MR x NR tile of y lives in MR * NR / 4 vector accumulators. Every k step
// broadcasts one x value per row (v128.load32_splat: one vbroadcastss under V8) and multiplies
// it into the NR / 4 vectors of the panel row. V8 on x86 gives wasm 15 allocatable xmm
// registers and needs one more for each mul's result before the add, so 5 x 8 (10 accumulators
// + 2 panel vectors + broadcast + product = 14) is the largest tile that does not spill; 6 x 8,
// 4 x 12 and 3 x 16 spill and run a third slower. SSE2 has 16 xmm registers, so the same tile
// fits natively. Bias and ReLU are fused into the tile.
//
// Every output is summed in one fixed order: from the bias (or zero), k ascending, each step a
// separate mul and add, ReLU last. Partial sums between K blocks are stored as floats and read
// back unchanged, so blocking, tile shape and target change no bit of the result.
//
// Small batches: a one- or two-row tile has only 2 or 4 independent add chains, and f32x4.add's
// 3-cycle latency caps it at a third or two thirds of the two adds a cycle. When the whole batch
// is 1 or 2 rows (batch 1 inference), a call takes 3 or 2 panels at once (6 or 8 chains):
// (1x784)x(784x256) 14.6 -> 23.5 GFLOP/s, (2x784)x(784x256) 24.3 -> 30.6. Four panels for one
// row (8 chains) came out no faster: LLVM hoists all 8 panel loads, V8 spills an accumulator.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <utility>

#include "gemm_ops.hpp"

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
#ifndef LAYERLAB_GEMM_SPLIT54
#define LAYERLAB_GEMM_SPLIT54 0
#endif
#ifndef LAYERLAB_GEMM_KC
#define LAYERLAB_GEMM_KC 512
#endif
#ifndef LAYERLAB_GEMM_MC
#define LAYERLAB_GEMM_MC 320
#endif

namespace layerlab::gemm_forward {

using gemm_simd::kNarrow;
using gemm_simd::PanelPlan;

template <class Ops, std::size_t MR, std::size_t NR>
class Kernels {
  using V = typename Ops::V;

 public:
  static constexpr std::size_t kMr = MR;
  static constexpr std::size_t kNr = NR;
  static_assert(NR % 4 == 0 && NR >= 4, "panel width must be whole vectors");

  static PanelPlan plan(std::size_t N) { return gemm_simd::plan_panels(N, NR); }

  // Floats of W (K, N) packed.
  static std::size_t packed_size(std::size_t K, std::size_t N) {
    const PanelPlan p = plan(N);
    return (p.full * NR + p.last_width) * K;
  }

  // Rows [k0, k1) of w (K, N) into its packed form `out` (packed_size(K, N) floats).
  // Runs after every optimizer step (on rows still in cache from the update), so it is one
  // pass: full panels by whole vectors, and the narrow last panel's padding written as zeros.
  static void pack_rows(const float* w, std::size_t K, std::size_t N, std::size_t k0,
                        std::size_t k1, float* out) {
    const PanelPlan p = plan(N);
    float* dst = out;
    for (std::size_t j = 0; j < p.full; ++j, dst += K * NR) {  // (K, NR) each
      const float* src = w + j * NR;
      for (std::size_t k = k0; k < k1; ++k)
        for (std::size_t v = 0; v < kNv; ++v)
          Ops::store(dst + k * NR + 4 * v, Ops::load(src + k * N + 4 * v));
    }
    if (p.last_width) {  // (K, last_width), columns past the real ones are zero
      const float* src = w + p.full * NR;
      for (std::size_t k = k0; k < k1; ++k)
        for (std::size_t c = 0; c < p.last_width; ++c)
          dst[k * p.last_width + c] = c < p.tail ? src[k * N + c] : 0.0f;
    }
  }

  // y (M, N) = relu?(x (M, K) · W + b), W packed by pack_rows, b (N,) or null. K >= 1.
  static void run(const float* x, const float* packed, std::size_t K, std::size_t N,
                  const float* b, float* y, std::size_t M, bool relu) {
    const PanelPlan pp = plan(N);
    const std::size_t panels = pp.count();
    const std::size_t mc_max = std::min(M, kMc);
    // Equal K blocks rather than kKc-sized ones plus a sliver: a 20-step remainder block would
    // pay the full cost of reloading and storing every tile of y for almost no work.
    const std::size_t kblocks = mc_max * K <= kXBlockFloats ? 1 : (K + kKc - 1) / kKc;
    const std::size_t kstep = (K + kblocks - 1) / kblocks;

    // A last panel with fewer real columns than its width is computed into this scratch tile
    // and its valid columns copied out, so the micro-kernel never needs masked loads or stores.
    alignas(16) float edge[MR * NR] = {};
    alignas(16) float edge_bias[NR] = {};
    const bool ragged = pp.tail != (pp.last_width ? pp.last_width : NR);
    if (b && ragged) std::memcpy(edge_bias, b + (panels - 1) * NR, pp.tail * sizeof(float));

    // One row: x (1, K) already is the packed layout (kc, 1).
    const bool packx = panels >= kPackXMinPanels && M > 1;
    float* const xpack =  // (mc, kc)
        packx ? gemm_simd::scratch(gemm_simd::Scratch::kForwardX, mc_max * kstep) : nullptr;
    const auto& full_tiles = kTiles[0][packx];
    const auto& last_tiles = kTiles[pp.last_width == kNarrow][packx];

    for (std::size_t k0 = 0; k0 < K; k0 += kstep) {
      const std::size_t kc = std::min(kstep, K - k0);
      const bool first = k0 == 0;
      const bool last = k0 + kc == K;
      const Start start = !first ? Start::kPartial : (b ? Start::kBias : Start::kZero);
      const bool fuse_relu = last && relu;

      for (std::size_t i0 = 0; i0 < M; i0 += kMc) {
        const std::size_t mc = std::min(kMc, M - i0);
        if (packx) pack_x(x, K, i0, mc, k0, kc, xpack);
        for (std::size_t p = 0; p < panels;) {
          const std::size_t j0 = p * NR;
          const bool is_last = p == pp.full;  // only true for a partial or narrow last panel
          const std::size_t width = is_last ? pp.last_width : NR;
          const float* panel = packed + j0 * K + k0 * width;  // (kc, width)
          const bool direct = !is_last || !ragged;
          const float* bias = direct ? (b ? b + j0 : nullptr) : edge_bias;
          const auto& tiles = is_last ? last_tiles : full_tiles;
          // Row tiles of 1 or 2 rows (only when the whole block is that small) take several
          // full panels per call.
          const std::size_t wide = mc == 1 ? kWide1 : (mc == 2 ? kWide2 : 1);
          const std::size_t group = wide > 1 && p + wide <= pp.full ? wide : 1;
          const float* a = packx ? xpack : x + i0 * K + k0;
          for (std::size_t i = i0; i < i0 + mc;) {
            const std::size_t rows = next_rows(i0 + mc - i);
            float* c = y + i * N + j0;  // (rows, N)
            if (group > 1) {
              kWideTiles[packx][rows - 1](kc, a, K, panel, K * NR, c, N, bias, start, fuse_relu);
            } else if (direct) {
              tiles[rows - 1](kc, a, K, panel, 0, c, N, bias, start, fuse_relu);
            } else {
              if (start == Start::kPartial)
                for (std::size_t r = 0; r < rows; ++r)
                  std::memcpy(edge + r * width, c + r * N, pp.tail * sizeof(float));
              tiles[rows - 1](kc, a, K, panel, 0, edge, width, bias, start, fuse_relu);
              for (std::size_t r = 0; r < rows; ++r)
                std::memcpy(c + r * N, edge + r * width, pp.tail * sizeof(float));
            }
            a += packx ? rows * kc : rows * K;
            i += rows;
          }
          p += group;
        }
      }
    }
  }

 private:
  static constexpr std::size_t kNv = NR / 4;
  // A (kc, NR) slice of a panel stays in L1 or streams from L2 while every row tile of x passes
  // it; the packed (mc, kc) block of x stays in L2 (1 MiB) while every panel visits it, and a
  // batch of up to kMc rows reads W only once. kc is kKc (512) unless the whole of K fits the
  // x-block budget below (small batches): then K is not cut at all, which spares re-reading and
  // re-storing y between K blocks ((64x2048)x(2048x1000): +3-4%).
  static constexpr std::size_t kKc = LAYERLAB_GEMM_KC;
  static constexpr std::size_t kMc = LAYERLAB_GEMM_MC / MR * MR;  // whole tiles
  // Half of L2 for the packed x block: 320 x 512 (the blocking above) or 64 x 2048.
  static constexpr std::size_t kXBlockFloats = 131072;
  static_assert(MR >= 1 && kMc >= MR, "a row block must hold a tile");
  // Packing x is a transposing copy, repaid only when several panels reuse it: with two panels,
  // (32x128)x(128x10), it drops the product from 19 to 13 GFLOP/s; from 16 panels on it is free
  // or better (strided rows 16 KiB apart, K = 4096, cost 6% through cache-set conflicts).
  static constexpr std::size_t kPackXMinPanels = LAYERLAB_GEMM_PACKX_MIN_PANELS;

  // How a tile's accumulators start: from the bias or zero (first K block), or from the partial
  // sums already in y (later K blocks of a product cut along K).
  enum class Start { kBias, kZero, kPartial };

  // One R x (4 NV) tile of y per panel, for P adjacent panels at once, over kc steps of k.
  // a: packed x block (kc, R) k-major when kPackedX, else x itself (R, lda) from the block's
  // first column; p (kc, 4 NV) slice of the first panel, the others `ps` floats apart;
  // c (R, ldc); bias (4 NV P,) used only when start == kBias.
  // P > 1 serves the one- and two-row tiles (see the top of the file): more independent add
  // chains from the neighbouring panels rather than from splitting k, because unrolled k steps
  // make V8 spill (below) and a panel only costs one more pointer.
  template <std::size_t R, std::size_t NV, std::size_t P, bool kPackedX>
  static void tile(std::size_t kc, const float* a, std::size_t lda, const float* p,
                   std::size_t ps, float* c, std::size_t ldc, const float* bias, Start start,
                   bool relu) {
    constexpr std::size_t W = 4 * NV;
    V acc[R][P][NV];
    if (start == Start::kPartial) {
      for (std::size_t m = 0; m < R; ++m)
        for (std::size_t j = 0; j < P; ++j)
          for (std::size_t v = 0; v < NV; ++v)
            acc[m][j][v] = Ops::load(c + m * ldc + j * W + 4 * v);
    } else {
      for (std::size_t j = 0; j < P; ++j)
        for (std::size_t v = 0; v < NV; ++v) {
          const V init = start == Start::kBias ? Ops::load(bias + j * W + 4 * v) : Ops::zero();
          for (std::size_t m = 0; m < R; ++m) acc[m][j][v] = init;
        }
    }

    // The 20 muls and adds of a 5 x 8 step share the core with 7 loads, the pointer updates
    // and V8's per-iteration stack check, and the x86 front end issues only about six
    // instructions a cycle, so every integer op counts: with x packed only two pointers advance
    // per step instead of one per row (+6% on the large shapes). Unrolling k by 2 or 3 makes
    // V8's register allocator spill accumulators (-20 to -30% in trials, also with an exit test
    // between the steps, which keeps LLVM from interleaving them, and also for 1- and 2-row
    // tiles with k split into 4 or 2 partial sums), so the loop stays one step.
    const float* rows[R];
    for (std::size_t m = 0; m < R; ++m) rows[m] = a + m * lda;
    const float* panels[P];
    for (std::size_t j = 0; j < P; ++j) panels[j] = p + j * ps;
    // The loop ends on the first panel pointer, as the one-step loop is counted in pointers
    // only: a separate k counter (dead when x is packed) costs 5% on the 5 x 8 tile.
    const float* const end = p + kc * W;
    for (std::size_t k = 0; panels[0] != end; ++k) {
      for (std::size_t j = 0; j < P; ++j) {
        V pv[NV];
        for (std::size_t v = 0; v < NV; ++v) pv[v] = Ops::load(panels[j] + 4 * v);
        for (std::size_t m = 0; m < R; ++m) {
          const V av = kPackedX ? Ops::splat(a + m) : Ops::splat(rows[m] + k);
          for (std::size_t v = 0; v < NV; ++v)
            acc[m][j][v] = Ops::add(acc[m][j][v], Ops::mul(av, pv[v]));
        }
        panels[j] += W;
      }
      a += R;
    }

    if (relu) {
      const V zero = Ops::zero();
      for (std::size_t m = 0; m < R; ++m)
        for (std::size_t j = 0; j < P; ++j)
          for (std::size_t v = 0; v < NV; ++v) acc[m][j][v] = Ops::pmax(acc[m][j][v], zero);
    }
    for (std::size_t m = 0; m < R; ++m)
      for (std::size_t j = 0; j < P; ++j)
        for (std::size_t v = 0; v < NV; ++v) Ops::store(c + m * ldc + j * W + 4 * v, acc[m][j][v]);
  }

  using TileFn = void (*)(std::size_t, const float*, std::size_t, const float*, std::size_t,
                          float*, std::size_t, const float*, Start, bool);

  template <std::size_t NV, bool kPackedX, std::size_t... Rs>
  static constexpr std::array<TileFn, sizeof...(Rs)> make_tiles(std::index_sequence<Rs...>) {
    return {&tile<Rs + 1, NV, 1, kPackedX>...};
  }

  // Panels taken together by the one- and two-row tiles: 8 accumulators either way.
  static constexpr std::size_t kWide1 = 3, kWide2 = 2;
  static constexpr std::array<std::array<TileFn, 2>, 2> kWideTiles = {{
      {{&tile<1, kNv, kWide1, false>, &tile<2, kNv, kWide2, false>}},
      {{&tile<1, kNv, kWide1, true>, &tile<2, kNv, kWide2, true>}},
  }};

  // kTiles[narrow][packed][r - 1] handles r rows of a full (NR) or narrow (4-wide) panel, so
  // the last rows of a batch (and batch = 1) do only their own work instead of being padded.
  static constexpr std::array<std::array<std::array<TileFn, MR>, 2>, 2> kTiles = {{
      {{make_tiles<kNv, false>(std::make_index_sequence<MR>{}),
        make_tiles<kNv, true>(std::make_index_sequence<MR>{})}},
      {{make_tiles<kNarrow / 4, false>(std::make_index_sequence<MR>{}),
        make_tiles<kNarrow / 4, true>(std::make_index_sequence<MR>{})}},
  }};

  // Rows of the next tile when `left` rows of a block remain: MR-row tiles and one short last
  // tile. With LAYERLAB_GEMM_SPLIT54, 5-row tiles mixed with 4-row ones where M % 5 would leave
  // a short tile with few add chains (32 = 5+5+5+5+4+4+4; 7 = 4+3): measured even,
  // (32x256)x(256x128) 32.8 vs 33.0 GFLOP/s, (32x784)x(784x256) 34.6 both (the 4-row tiles run
  // ~4% below the 5-row ones, which eats what the 2-row remainder loses), so it is off by
  // default. Deterministic in `left`, so pack_x and the tile loop cut a block the same way.
  static std::size_t next_rows(std::size_t left) {
    if (left <= MR) return left;
    if (MR != 5 || !LAYERLAB_GEMM_SPLIT54) return MR;  // the mix is tuned for 5-row tiles
    // n = 5a + 4b for some a, b >= 0 unless n is 1, 2, 3, 6, 7 or 11.
    const auto splits = [](std::size_t n) {
      return !(n == 1 || n == 2 || n == 3 || n == 6 || n == 7 || n == 11);
    };
    if (splits(left - 5)) return 5;
    if (splits(left - 4)) return 4;
    return left == 6 ? 3 : 4;  // 6 = 3+3, 7 = 4+3, 11 = 4+4+3
  }

  // x (M, K): rows [i0, i0 + mc), columns [k0, k0 + kc) into out, as the tiles next_rows cuts,
  // each (kc, rows) k-major.
  static void pack_x(const float* x, std::size_t K, std::size_t i0, std::size_t mc,
                     std::size_t k0, std::size_t kc, float* out) {
    for (std::size_t t = 0; t < mc;) {
      const std::size_t rows = next_rows(mc - t);
      const float* src = x + (i0 + t) * K + k0;  // (rows, K)
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < kc; ++k) out[k * rows + r] = src[r * K + k];
      out += rows * kc;
      t += rows;
    }
  }
};

}  // namespace layerlab::gemm_forward
