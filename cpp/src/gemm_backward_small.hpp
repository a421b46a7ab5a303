#pragma once
// The backward products for small batches (M rows of x and dy, M <= kMaxRows), where the
// blocked tiles of gemm_backward_impl.hpp do too little work per tile or per packed float:
//
//   dW = xᵀ·dy: each row of dW is Σ_m x[m, k] · dy[m, :], written once, straight from dy
//     (nothing packed). The tile path instead spends a call, a pack and a 10-vector store on
//     every 5 x 8 block for M steps: (1x784)ᵀ(1x256) ran at 5 GFLOP/s.
//   dx = dy·Wᵀ: dot products of dy rows with W rows, both contiguous, so W needs no
//     transposing pack (which at M = 1 costs as much as the product): 2 dy rows x 4 W rows
//     or 1 x 8 in 8 vector accumulators, summed across lanes once per output group.
#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace layerlab {
namespace gemm_backward {

template <class Ops>
class SmallBatch {
  using V = typename Ops::V;

 public:
  static constexpr std::size_t kMaxRows = 8;

  // dw (K, N) (+)= xᵀ · dy; x (M, K), dy (M, N); 1 <= M <= kMaxRows.
  static void tn(const float* x, const float* dy, float* dw, std::size_t M, std::size_t K,
                 std::size_t N, bool accumulate) {
    kAxpy[accumulate][M - 1](x, dy, dw, K, N);
  }

  // dx (M, K) = dy · wᵀ; dy (M, N), w (K, N); M >= 1.
  static void nt(const float* dy, const float* w, float* dx, std::size_t M, std::size_t N,
                 std::size_t K) {
    std::size_t i = 0;
    for (; i + 2 <= M; i += 2) dot_rows<2, 4>(dy + i * N, w, dx + i * K, N, K);
    if (i < M) dot_rows<1, 8>(dy + i * N, w, dx + i * K, N, K);
  }

 private:
  // MM rows of x and dy; every dw row sums its MM terms onto the old value (accumulate) or 0.
  template <std::size_t MM, bool kAccumulate>
  static void axpy_rows(const float* x, const float* dy, float* dw, std::size_t K,
                        std::size_t N) {
    const std::size_t n4 = N / 4 * 4;
    for (std::size_t k = 0; k < K; ++k) {
      V xb[MM];
      for (std::size_t m = 0; m < MM; ++m) xb[m] = Ops::splat(x + m * K + k);
      float* const row = dw + k * N;  // (N,)
      for (std::size_t n = 0; n < n4; n += 4) {
        V acc = kAccumulate ? Ops::load(row + n) : Ops::zero();
        for (std::size_t m = 0; m < MM; ++m)
          acc = Ops::add(acc, Ops::mul(xb[m], Ops::load(dy + m * N + n)));
        Ops::store(row + n, acc);
      }
      for (std::size_t n = n4; n < N; ++n) {
        float acc = kAccumulate ? row[n] : 0.0f;
        for (std::size_t m = 0; m < MM; ++m) acc += x[m * K + k] * dy[m * N + n];
        row[n] = acc;
      }
    }
  }

  using AxpyFn = void (*)(const float*, const float*, float*, std::size_t, std::size_t);
  template <bool kAccumulate, std::size_t... Ms>
  static constexpr std::array<AxpyFn, kMaxRows> make_axpy(std::index_sequence<Ms...>) {
    return {&axpy_rows<Ms + 1, kAccumulate>...};
  }
  static constexpr std::array<std::array<AxpyFn, kMaxRows>, 2> kAxpy = {
      {make_axpy<false>(std::make_index_sequence<kMaxRows>{}),
       make_axpy<true>(std::make_index_sequence<kMaxRows>{})}};

  // dx rows (R, K) from dy rows (R, N) and all of w (K, N), KW rows of w at a time (a multiple
  // of 4). A last group with fewer real rows points the missing ones at its last real row and
  // drops their sums, so the loop has one shape.
  template <std::size_t R, std::size_t KW>
  static void dot_rows(const float* dy, const float* w, float* dx, std::size_t N, std::size_t K) {
    static_assert(KW % 4 == 0, "sums leave the accumulators four at a time");
    const std::size_t n4 = N / 4 * 4;
    for (std::size_t k = 0; k < K; k += KW) {
      const std::size_t kw = std::min(KW, K - k);
      const float* rows[KW];
      for (std::size_t j = 0; j < KW; ++j) rows[j] = w + (k + std::min(j, kw - 1)) * N;
      V acc[R][KW];
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t j = 0; j < KW; ++j) acc[r][j] = Ops::zero();
      for (std::size_t n = 0; n < n4; n += 4) {
        V d[R];
        for (std::size_t r = 0; r < R; ++r) d[r] = Ops::load(dy + r * N + n);
        for (std::size_t j = 0; j < KW; ++j) {
          const V wv = Ops::load(rows[j] + n);
          for (std::size_t r = 0; r < R; ++r)
            acc[r][j] = Ops::add(acc[r][j], Ops::mul(d[r], wv));
        }
      }
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t j = 0; j < KW; j += 4) {
          // Four accumulators transposed and added: lane q holds the sum for w row k + j + q.
          V a0 = acc[r][j], a1 = acc[r][j + 1], a2 = acc[r][j + 2], a3 = acc[r][j + 3];
          Ops::transpose4(a0, a1, a2, a3);
          alignas(16) float sums[4];
          Ops::store(sums, Ops::add(Ops::add(a0, a1), Ops::add(a2, a3)));
          for (std::size_t q = 0; q < 4 && j + q < kw; ++q) {
            float s = sums[q];
            for (std::size_t n = n4; n < N; ++n) s += dy[r * N + n] * rows[j + q][n];
            dx[r * K + k + j + q] = s;
          }
        }
    }
  }
};

}  // namespace gemm_backward
}  // namespace layerlab
