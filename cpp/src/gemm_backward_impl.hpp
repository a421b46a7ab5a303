#pragma once
// The blocking and micro-kernels of the two backward products, written once over the build's
// vector ops (gemm_ops.hpp: SIMD128 on the page, SSE2 natively), so native ctest runs this code.
//
// Both products are turned into the forward kernel's shape (see gemm_forward_impl.hpp): an
// MR x 8 tile of the output in MR * 2 vector accumulators, fed each step by MR broadcast
// values of a packed A tile (steps, MR) and one row of a packed 8-wide panel (steps, 8).
// Small batches take other paths (gemm_backward_small.hpp).
//
//   dW (K, N) = xᵀ · dy: output rows k, reduction over m. x[m, k..k+MR) is already contiguous
//     and dy[m, j..j+8) is already a panel row, so both packs are plain copies; they keep the
//     working set contiguous (a 16 KiB row stride, N = 4096, would put every row of a panel in
//     the same L1 set). dW is the big operand, so its loop order differs from the forward's:
//     see tn().
//   dx (M, K) = dy · Wᵀ: output rows i, reduction over n. The panel row is W[k..k+8, n], a
//     column of W: panels are packed 8 rows of W at a time with 4 x 4 transposes (XNNPACK's
//     "goi" weight packing does the same). dy is packed like the forward packs x, and the
//     blocking is the forward's: a packed A block of up to kRowBlock rows by up to kRedBlock
//     reduction steps (640 KiB) stays in L2 while each panel slice (kRedBlock x 8, 16 KiB) is
//     packed once and stays in L1 for every row tile of the block. The reduction is cut into
//     equal blocks, and only when the whole of it does not fit the A-block budget.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

#include "gemm_backward_small.hpp"
#include "gemm_ops.hpp"

// Largest batch served by the small-batch paths (gemm_backward_small.hpp); macros so the
// harness can sweep them.
#ifndef LAYERLAB_GEMM_BWD_SMALL_TN
#define LAYERLAB_GEMM_BWD_SMALL_TN 6
#endif
#ifndef LAYERLAB_GEMM_BWD_SMALL_NT
#define LAYERLAB_GEMM_BWD_SMALL_NT 8
#endif

namespace layerlab {
namespace gemm_backward {

constexpr std::size_t kNr = 8;  // panel width: two vectors
using gemm_simd::kNarrow;
using gemm_simd::PanelPlan;
inline PanelPlan plan_panels(std::size_t cols) { return gemm_simd::plan_panels(cols, kNr); }
using gemm_simd::Scratch;
using gemm_simd::scratch;

template <class Ops, std::size_t MR>
class Kernels {
  using V = typename Ops::V;

 public:
  static constexpr std::size_t kRowBlock = 320 / MR * MR;  // whole tiles
  static constexpr std::size_t kRedBlock = 512;
  static constexpr std::size_t kABlockFloats = 131072;  // half of a 1 MiB L2
  static constexpr std::size_t kBBlockFloats = 131072;  // dW's block of dy panels, also in L2
  static constexpr std::size_t kSmallTn = LAYERLAB_GEMM_BWD_SMALL_TN;
  static constexpr std::size_t kSmallNt = LAYERLAB_GEMM_BWD_SMALL_NT;
  static_assert(kSmallTn <= SmallBatch<Ops>::kMaxRows, "the small dW path holds x in registers");

  // dw (K, N) (+)= xᵀ · dy; x (M, K), dy (M, N).
  // The output is the big operand here (K x N against a batch of M rows), so it is written row
  // tile by row tile across a block of panels: 5 rows of contiguous columns at a time, which
  // the prefetchers follow, instead of 8-column strips down 320 rows like the forward
  // ((784x32)ᵀ(32x256): 32.5 -> 38.5 GFLOP/s). dy's block of panels (red, block_panels * 8)
  // stays in L2, the row tile of x (red, 5) in L1.
  static void tn(const float* x, const float* dy, float* dw, std::size_t M, std::size_t K,
                 std::size_t N, bool accumulate) {
    if (K == 0 || N == 0) return;
    if (M == 0) {
      if (!accumulate) std::fill(dw, dw + K * N, 0.0f);
      return;
    }
    if (M <= kSmallTn) {
      SmallBatch<Ops>::tn(x, dy, dw, M, K, N, accumulate);
      return;
    }
    const PanelPlan plan = plan_panels(N);
    const std::size_t red = equal_step(M, kRedBlock);
    const std::size_t block_panels = std::max<std::size_t>(1, kBBlockFloats / (red * kNr));
    float* const atile = scratch(Scratch::kBackwardA, red * MR);  // (red, r)
    float* const ppack =
        scratch(Scratch::kBackwardPanels, red * kNr * std::min(block_panels, plan.count()));
    for (std::size_t m0 = 0; m0 < M; m0 += red) {
      const std::size_t mc = std::min(red, M - m0);
      const bool partial = accumulate || m0 > 0;
      for (std::size_t p0 = 0; p0 < plan.count(); p0 += block_panels) {
        const std::size_t p1 = std::min(plan.count(), p0 + block_panels);
        for (std::size_t p = p0; p < p1; ++p) {
          const std::size_t width = p < plan.full ? kNr : plan.last_width;
          pack_panel_rows(dy + m0 * N + p * kNr, N, mc, std::min(width, N - p * kNr), width,
                          ppack + (p - p0) * mc * kNr);
        }
        for (std::size_t k = 0; k < K; k += MR) {
          const std::size_t r = std::min(MR, K - k);
          pack_a_contiguous(x + m0 * K + k, K, mc, r, atile);
          for (std::size_t p = p0; p < p1; ++p) {
            const std::size_t width = p < plan.full ? kNr : plan.last_width;
            tile_any(r, mc, atile, ppack + (p - p0) * mc * kNr, width,
                     std::min(width, N - p * kNr), dw + k * N + p * kNr, N, partial);
          }
        }
      }
    }
  }

  // dx (M, K) = dy · wᵀ; dy (M, N), w (K, N).
  static void nt(const float* dy, const float* w, float* dx, std::size_t M, std::size_t N,
                 std::size_t K) {
    if (M == 0 || K == 0) return;
    if (N == 0) {
      std::fill(dx, dx + M * K, 0.0f);
      return;
    }
    if (M <= kSmallNt) {
      SmallBatch<Ops>::nt(dy, w, dx, M, N, K);
      return;
    }
    const PanelPlan plan = plan_panels(K);
    const std::size_t rows_max = std::min(M, kRowBlock);
    const std::size_t red = reduction_step(N, rows_max);
    float* const apack = scratch(Scratch::kBackwardA, rows_max * red);
    float* const ppack = scratch(Scratch::kBackwardPanels, red * kNr);
    for (std::size_t n0 = 0; n0 < N; n0 += red) {
      const std::size_t nc = std::min(red, N - n0);
      const bool partial = n0 > 0;
      for (std::size_t i0 = 0; i0 < M; i0 += kRowBlock) {
        const std::size_t mc = std::min(kRowBlock, M - i0);
        pack_a_transposed(dy + i0 * N + n0, N, mc, nc, apack);
        for (std::size_t p = 0; p < plan.count(); ++p) {
          const std::size_t k0 = p * kNr;
          const std::size_t width = p < plan.full ? kNr : plan.last_width;
          const std::size_t real = std::min(width, K - k0);
          pack_panel_columns(w + k0 * N + n0, N, nc, real, width, ppack);
          panel_pass(apack, mc, nc, ppack, width, real, dx + i0 * K + k0, K, partial);
        }
      }
    }
  }

 private:
  // Blocks of at most `max` that split n evenly: a short remainder block would pay the full
  // cost of re-reading and storing the output for little work.
  static std::size_t equal_step(std::size_t n, std::size_t max) {
    const std::size_t blocks = (n + max - 1) / max;
    return (n + blocks - 1) / blocks;
  }

  // Reduction steps per block: all of them when a full row block of A fits the budget (no
  // partial sums re-read from the output), else equal blocks of at most kRedBlock.
  static std::size_t reduction_step(std::size_t steps, std::size_t rows) {
    return rows * steps <= kABlockFloats ? steps : equal_step(steps, kRedBlock);
  }

  // One R x (4 NV) tile over `steps` reduction steps: a (steps, R) packed, p (steps, 4 NV)
  // packed, c (R, ldc). The sum starts from zero; when `partial`, c's old values are added at
  // the end. That order is not only cheaper to start: with the loads before the loop, or no
  // run-time branch after it at all, TurboFan (Node 20) emits all R broadcasts at the top of
  // the loop body and spills two accumulators, which halves the tile's speed (24 vs 48 GFLOP/s
  // in isolation). The forward kernel's tile escapes this only through its ReLU branch.
  // One step per loop iteration, ending on the panel pointer: unrolling makes V8 spill, and a
  // separate counter costs an instruction per step (see the forward kernel's notes).
  template <std::size_t R, std::size_t NV>
  static void tile(std::size_t steps, const float* a, const float* p, float* c, std::size_t ldc,
                   bool partial) {
    constexpr std::size_t NR = 4 * NV;
    V acc[R][NV];
    for (std::size_t m = 0; m < R; ++m)
      for (std::size_t v = 0; v < NV; ++v) acc[m][v] = Ops::zero();
    const float* const end = p + steps * NR;
    while (p != end) {
      V pv[NV];
      for (std::size_t v = 0; v < NV; ++v) pv[v] = Ops::load(p + 4 * v);
      for (std::size_t m = 0; m < R; ++m) {
        const V av = Ops::splat(a + m);
        for (std::size_t v = 0; v < NV; ++v) acc[m][v] = Ops::add(acc[m][v], Ops::mul(av, pv[v]));
      }
      a += R;
      p += NR;
    }
    if (partial)
      for (std::size_t m = 0; m < R; ++m)
        for (std::size_t v = 0; v < NV; ++v)
          acc[m][v] = Ops::add(Ops::load(c + m * ldc + 4 * v), acc[m][v]);
    for (std::size_t m = 0; m < R; ++m)
      for (std::size_t v = 0; v < NV; ++v) Ops::store(c + m * ldc + 4 * v, acc[m][v]);
  }

  using TileFn = void (*)(std::size_t, const float*, const float*, float*, std::size_t, bool);
  template <std::size_t NV, std::size_t... Rs>
  static constexpr std::array<TileFn, MR> make_tiles(std::index_sequence<Rs...>) {
    return {&tile<Rs + 1, NV>...};
  }
  // kTiles[narrow][r - 1]: r rows of an 8-wide or 4-wide panel.
  static constexpr std::array<std::array<TileFn, MR>, 2> kTiles = {
      {make_tiles<kNr / 4>(std::make_index_sequence<MR>{}),
       make_tiles<kNarrow / 4>(std::make_index_sequence<MR>{})}};

  // r rows of output from a packed A tile (steps, r) and a packed panel (steps, width) into c
  // (r, ldc), of which `real` columns exist. A ragged panel goes through a scratch tile, so the
  // micro-kernel never needs masked loads or stores.
  static void tile_any(std::size_t r, std::size_t steps, const float* a, const float* panel,
                       std::size_t width, std::size_t real, float* c, std::size_t ldc,
                       bool partial) {
    const TileFn fn = kTiles[width == kNarrow][r - 1];
    if (real == width) {
      fn(steps, a, panel, c, ldc, partial);
      return;
    }
    alignas(16) float edge[MR * kNr];
    if (partial)
      for (std::size_t q = 0; q < r; ++q)
        std::memcpy(edge + q * width, c + q * ldc, real * sizeof(float));
    fn(steps, a, panel, edge, width, partial);
    for (std::size_t q = 0; q < r; ++q)
      std::memcpy(c + q * ldc, edge + q * width, real * sizeof(float));
  }

  // Every row tile of a packed A block (rows, steps) against one packed panel.
  static void panel_pass(const float* a, std::size_t rows, std::size_t steps, const float* panel,
                         std::size_t width, std::size_t real, float* c, std::size_t ldc,
                         bool partial) {
    for (std::size_t i = 0; i < rows; i += MR) {
      const std::size_t r = std::min(MR, rows - i);
      tile_any(r, steps, a, panel, width, real, c + i * ldc, ldc, partial);
      a += r * steps;
    }
  }

  // src (steps, ld): rows of the A operand are src's columns [0, rows). Into tiles of MR (and
  // one short last) rows, each (steps, r): a copy of r contiguous floats per step.
  // Copies of a compile-time width: a memcpy of a run-time 20 bytes is a call in WASM, and
  // made the pack cost more than the products it feeds.
  static void pack_a_contiguous(const float* src, std::size_t ld, std::size_t steps,
                                std::size_t rows, float* out) {
    for (std::size_t t = 0; t < rows; t += MR) {
      const std::size_t r = std::min(MR, rows - t);
      const float* in = src + t;
      if (r == MR) {
        for (std::size_t s = 0; s < steps; ++s, in += ld, out += MR)
          for (std::size_t q = 0; q < MR; ++q) out[q] = in[q];
      } else {
        for (std::size_t s = 0; s < steps; ++s, in += ld, out += r)
          for (std::size_t q = 0; q < r; ++q) out[q] = in[q];
      }
    }
  }

  // src (rows, ld): rows of the A operand are src's rows, reduction along them. Into tiles
  // (steps, r): a transposing copy, as the forward packs x.
  static void pack_a_transposed(const float* src, std::size_t ld, std::size_t rows,
                                std::size_t steps, float* out) {
    for (std::size_t t = 0; t < rows; t += MR) {
      const std::size_t r = std::min(MR, rows - t);
      for (std::size_t q = 0; q < r; ++q) {
        const float* row = src + (t + q) * ld;
        for (std::size_t s = 0; s < steps; ++s) out[s * r + q] = row[s];
      }
      out += r * steps;
    }
  }

  // src (steps, ld): out (steps, width) = src[:, 0..real), zero-padded.
  static void pack_panel_rows(const float* src, std::size_t ld, std::size_t steps,
                              std::size_t real, std::size_t width, float* out) {
    if (real == kNr) {
      for (std::size_t s = 0; s < steps; ++s, src += ld, out += kNr) {
        Ops::store(out, Ops::load(src));
        Ops::store(out + 4, Ops::load(src + 4));
      }
      return;
    }
    for (std::size_t s = 0; s < steps; ++s, src += ld, out += width)
      for (std::size_t q = 0; q < width; ++q) out[q] = q < real ? src[q] : 0.0f;
  }

  // src (real, ld), reduction along its rows: out (steps, width) = src[0..real, 0..steps)ᵀ,
  // zero-padded. A full panel is 8 rows of src read 4 floats at a time and turned by two
  // 4 x 4 transposes into 4 panel rows.
  static void pack_panel_columns(const float* src, std::size_t ld, std::size_t steps,
                                 std::size_t real, std::size_t width, float* out) {
    std::size_t s = 0;
    if (real == kNr) {
      for (; s + 4 <= steps; s += 4) {
        for (std::size_t half = 0; half < 2; ++half) {
          const float* r0 = src + 4 * half * ld + s;
          V v0 = Ops::load(r0), v1 = Ops::load(r0 + ld), v2 = Ops::load(r0 + 2 * ld),
            v3 = Ops::load(r0 + 3 * ld);
          Ops::transpose4(v0, v1, v2, v3);
          float* o = out + s * kNr + 4 * half;
          Ops::store(o, v0);
          Ops::store(o + kNr, v1);
          Ops::store(o + 2 * kNr, v2);
          Ops::store(o + 3 * kNr, v3);
        }
      }
    }
    for (; s < steps; ++s) {
      for (std::size_t q = 0; q < real; ++q) out[s * width + q] = src[q * ld + s];
      for (std::size_t q = real; q < width; ++q) out[s * width + q] = 0.0f;
    }
  }
};

}  // namespace gemm_backward
}  // namespace layerlab
