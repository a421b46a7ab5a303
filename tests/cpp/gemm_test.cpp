// gemm_packed (whichever fast kernel this build carries) against gemm_reference, the naive
// oracle. The kernels sum in a different order (K blocks, accumulators seeded with the bias),
// so results are compared with a tolerance scaled by the magnitude of the terms summed.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "layerlab/gemm.hpp"

namespace layerlab {
namespace {

struct Case {
  std::size_t M, K, N;
  bool bias, relu;
};

std::string describe(const Case& c) {
  std::ostringstream s;
  s << "M=" << c.M << " K=" << c.K << " N=" << c.N << (c.bias ? " bias" : " no-bias")
    << (c.relu ? " relu" : "");
  return s.str();
}

std::vector<float> uniform(std::size_t n, std::mt19937& rng, float lo = -1.0f, float hi = 1.0f) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& f : v) f = dist(rng);
  return v;
}

// Random operands for c and y = relu?(x w + b) through gemm_packed.
struct Product {
  std::vector<float> x, w, b, fast;  // (M, K), (K, N), (N,), (M, N)
  bool with_bias;
  const float* bias() const { return with_bias ? b.data() : nullptr; }
};
Product fast_product(const Case& c, std::mt19937& rng) {
  // b shifted negative so ReLU clips a good share of the outputs; y NaN-filled so an output
  // the kernel forgets to write cannot pass.
  Product p{uniform(c.M * c.K, rng), uniform(c.K * c.N, rng), uniform(c.N, rng, -1.5f, 0.5f),
            std::vector<float>(c.M * c.N, std::numeric_limits<float>::quiet_NaN()), c.bias};
  PackedWeights packed;
  packed.pack(p.w.data(), c.K, c.N);
  EXPECT_EQ(packed.rows(), c.K);
  EXPECT_EQ(packed.cols(), c.N);
  gemm_packed(p.x.data(), packed, p.bias(), p.fast.data(), c.M, c.relu);
  return p;
}

// gemm_packed compared with gemm_reference element by element:
// |fast - ref| <= 1e-4 * (1 + |b_j| + sum_k |x_ik w_kj|), far above float rounding of any
// summation order at K <= a few thousand, far below a wrong or missing term.
void check(const Case& c, std::mt19937& rng) {
  SCOPED_TRACE(describe(c));
  const Product p = fast_product(c, rng);
  const auto& [x, w, b, fast, with_bias] = p;
  std::vector<float> ref(c.M * c.N);
  gemm_reference(x.data(), w.data(), p.bias(), ref.data(), c.M, c.K, c.N, c.relu);

  for (std::size_t i = 0; i < c.M; ++i)
    for (std::size_t j = 0; j < c.N; ++j) {
      double mag = with_bias ? std::fabs(b[j]) : 0.0;
      for (std::size_t k = 0; k < c.K; ++k)
        mag += std::fabs(double(x[i * c.K + k]) * w[k * c.N + j]);
      const float got = fast[i * c.N + j], want = ref[i * c.N + j];
      ASSERT_LE(std::fabs(double(got) - want), 1e-4 * (1.0 + mag))
          << "at (" << i << ", " << j << "): " << got << " vs " << want;
      if (c.relu) {
        ASSERT_GE(got, 0.0f) << "at (" << i << ", " << j << ")";
      }
    }
}

TEST(Gemm, KernelHasAName) {
  const char* name = gemm_kernel_name();
  ASSERT_NE(name, nullptr);
  EXPECT_GT(std::strlen(name), 0u);
}

TEST(Gemm, RandomShapesMatchReference) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> dim(1, 300);
  std::bernoulli_distribution coin(0.5);
  for (int t = 0; t < 150; ++t) {
    const Case c{dim(rng), dim(rng), dim(rng), coin(rng), coin(rng)};
    check(c, rng);
    if (HasFatalFailure()) return;
  }
}

TEST(Gemm, SmallShapesAroundTileEdgesMatchReference) {
  // Every row count up to two tiles of any kernel shape in use (4 or 5 rows), column counts
  // around the 8-wide panels (10 is the MNIST classifier's output), K below, at and past
  // multiples of 4.
  std::mt19937 rng(7);
  for (std::size_t M : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    for (std::size_t K : {1, 2, 3, 4, 5, 7, 8, 9, 31})
      for (std::size_t N : {1, 3, 4, 7, 8, 9, 10, 15, 16, 17, 24})
        for (int flags = 0; flags < 4; ++flags) {
          check({M, K, N, (flags & 1) != 0, (flags & 2) != 0}, rng);
          if (HasFatalFailure()) return;
        }
}

TEST(Gemm, ShapesSpanningSeveralCacheBlocksMatchReference) {
  // K past the K-block size (up to 512 in the kernels: partial sums carried through y, ReLU
  // only after the last block) and M past the row-block size (up to 320).
  std::mt19937 rng(11);
  for (const Case& c : {Case{3, 1100, 20, true, true}, Case{333, 700, 19, true, false},
                        Case{330, 1537, 9, false, true}, Case{1, 2048, 1000, true, true},
                        Case{64, 513, 130, false, false}})
    check(c, rng);
}

TEST(Gemm, FewRowsAcrossManyPanelsMatchReference) {
  // Batches of 1 and 2 rows take several panels per tile call (the WASM kernel): panel counts
  // that are and are not multiples of the group, with every kind of last panel (full, 4 wide,
  // partial), and K past the K-block size so the grouped tiles also resume from partial sums.
  std::mt19937 rng(29);
  for (std::size_t M : {1, 2, 3, 4})
    for (std::size_t N : {8, 16, 24, 32, 40, 48, 56, 60, 61, 64, 100, 130, 256})
      for (std::size_t K : {1, 3, 17, 784}) {
        check({M, K, N, (N + K) % 2 == 0, (N / 8 + K) % 2 == 1}, rng);
        if (HasFatalFailure()) return;
      }
  for (const Case& c : {Case{1, 1500, 64, true, true}, Case{2, 2100, 40, true, false},
                        Case{1, 70000, 24, false, true}, Case{2, 70000, 17, true, true}})
    check(c, rng);
}

TEST(Gemm, EveryTailWidthMatchesReference) {
  // N % 8 from 1 to 7: tails of up to 4 columns go to a 4-wide panel, wider ones to an 8-wide
  // panel, both through the scratch tile unless exactly full; with one and several K blocks,
  // row counts covering every tile height and M past the row-block size (320).
  std::mt19937 rng(31);
  for (std::size_t base : {0, 8, 32})
    for (std::size_t t = 1; t <= 7; ++t)
      for (std::size_t M : {1, 2, 5, 7, 13, 32})
        for (std::size_t K : {5, 600}) {
          check({M, K, base + t, (t % 2) == 0, (M + t) % 2 == 0}, rng);
          if (HasFatalFailure()) return;
        }
  for (const Case& c : {Case{333, 1030, 12, true, true}, Case{64, 2048, 10, true, false}})
    check(c, rng);
}

// The kernel's own summation order, written plainly: from the bias (or zero), k ascending, a
// separate mul and add per step, ReLU last.
std::vector<float> in_kernel_order(const std::vector<float>& x, const std::vector<float>& w,
                                   const float* b, const Case& c) {
  std::vector<float> y(c.M * c.N);  // (M, N)
  for (std::size_t i = 0; i < c.M; ++i)
    for (std::size_t j = 0; j < c.N; ++j) {
      float acc = b ? b[j] : 0.0f;
      for (std::size_t k = 0; k < c.K; ++k) acc += x[i * c.K + k] * w[k * c.N + j];
      y[i * c.N + j] = c.relu ? std::max(acc, 0.0f) : acc;
    }
  return y;
}

TEST(Gemm, EveryPathSumsInOneOrderBitForBit) {
  // Tiles, K blocks, packed or unpacked x and the scratch tile of a ragged last panel change no
  // bit: every output is the same float sum, so the native build and the page agree exactly.
  // Row counts around the 5-row tiles and the 320-row block, every tail width (4-wide and
  // 8-wide last panels), 1 and 2 rows across grouped panels, K cut into blocks (M = 330).
  std::mt19937 rng(37);
  std::vector<Case> cases;
  for (std::size_t M : {1, 2, 3, 4, 5, 6, 7, 11, 12})
    for (std::size_t N : {1, 3, 4, 5, 7, 8, 9, 12, 13, 16, 24, 29, 32, 40, 61})
      cases.push_back({M, 1 + (M * 7 + N) % 40, N, (M + N) % 2 == 0, N % 3 != 0});
  for (const Case& c : {Case{330, 1100, 13, true, true}, Case{321, 600, 36, false, true},
                        Case{2, 3000, 56, true, false}, Case{1, 2048, 100, true, true},
                        Case{64, 2048, 10, false, false}})
    cases.push_back(c);
  for (const Case& c : cases) {
    SCOPED_TRACE(describe(c));
    const Product p = fast_product(c, rng);
    const auto want = in_kernel_order(p.x, p.w, p.bias(), c);
    for (std::size_t e = 0; e < p.fast.size(); ++e)
      ASSERT_EQ(p.fast[e], want[e]) << "at (" << e / c.N << ", " << e % c.N << ")";
  }
}

TEST(Gemm, ZeroRowsWritesNothing) {
  std::mt19937 rng(3);
  const auto w = uniform(6 * 10, rng);
  const auto b = uniform(10, rng);
  PackedWeights packed;
  packed.pack(w.data(), 6, 10);
  std::vector<float> y(10, 42.0f);
  gemm_packed(nullptr, packed, b.data(), y.data(), 0, true);
  for (float v : y) EXPECT_EQ(v, 42.0f);
}

TEST(Gemm, ZeroInnerDimensionGivesBiasThenRelu) {
  const std::vector<float> b = {-2.0f, 0.5f, 0.0f, 3.0f, -0.25f};
  PackedWeights packed;
  packed.pack(nullptr, 0, b.size());
  const std::size_t M = 3;
  std::vector<float> y(M * b.size(), std::numeric_limits<float>::quiet_NaN());

  gemm_packed(nullptr, packed, b.data(), y.data(), M, false);
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t j = 0; j < b.size(); ++j) EXPECT_EQ(y[i * b.size() + j], b[j]);

  gemm_packed(nullptr, packed, b.data(), y.data(), M, true);
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t j = 0; j < b.size(); ++j)
      EXPECT_EQ(y[i * b.size() + j], std::max(b[j], 0.0f));

  gemm_packed(nullptr, packed, nullptr, y.data(), M, false);
  for (float v : y) EXPECT_EQ(v, 0.0f);

  std::mt19937 rng(5);
  for (std::size_t N : {1, 8, 10, 33}) check({4, 0, N, true, true}, rng);
}

TEST(Gemm, RandomShapesWithZeroDimensionsAndReference) {
  // M = 0 and K = 0 drawn among ordinary shapes, including through gemm_reference itself.
  std::mt19937 rng(99);
  std::uniform_int_distribution<std::size_t> dim(1, 40);
  for (int t = 0; t < 20; ++t) {
    check({0, dim(rng), dim(rng), t % 2 == 0, t % 3 == 0}, rng);
    check({dim(rng), 0, dim(rng), t % 2 == 0, t % 3 == 0}, rng);
  }
}

TEST(Gemm, RepackingWithAnotherShapeReplacesTheOldWeights) {
  std::mt19937 rng(17);
  PackedWeights packed;
  const auto w1 = uniform(300 * 37, rng);
  packed.pack(w1.data(), 300, 37);
  // Smaller in both dimensions, then larger: no stale panel or column count may survive.
  for (const auto& [K, N] : {std::pair<std::size_t, std::size_t>{5, 10}, {129, 64}, {7, 3}}) {
    SCOPED_TRACE("repacked to K=" + std::to_string(K) + " N=" + std::to_string(N));
    const auto w = uniform(K * N, rng);
    const auto x = uniform(6 * K, rng);
    const auto b = uniform(N, rng);
    packed.pack(w.data(), K, N);
    ASSERT_EQ(packed.rows(), K);
    ASSERT_EQ(packed.cols(), N);
    std::vector<float> fast(6 * N), ref(6 * N);
    gemm_packed(x.data(), packed, b.data(), fast.data(), 6, false);
    gemm_reference(x.data(), w.data(), b.data(), ref.data(), 6, K, N, false);
    for (std::size_t i = 0; i < fast.size(); ++i) ASSERT_NEAR(fast[i], ref[i], 1e-3f) << i;
  }
}

TEST(Gemm, PackedWeightsCopiesAreIndependent) {
  std::mt19937 rng(23);
  const std::size_t K = 20, N = 12, M = 3;
  const auto w = uniform(K * N, rng);
  const auto x = uniform(M * K, rng);
  PackedWeights a;
  a.pack(w.data(), K, N);
  const PackedWeights copy = a;
  const auto other = uniform(K * N, rng);
  a.pack(other.data(), K, N);

  std::vector<float> fast(M * N), ref(M * N);
  gemm_packed(x.data(), copy, nullptr, fast.data(), M, false);
  gemm_reference(x.data(), w.data(), nullptr, ref.data(), M, K, N, false);
  for (std::size_t i = 0; i < fast.size(); ++i) ASSERT_NEAR(fast[i], ref[i], 1e-4f) << i;
}

}  // namespace
}  // namespace layerlab
