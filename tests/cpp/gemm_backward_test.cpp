// gemm_tn and gemm_nt (whichever fast kernels this build carries: SSE2 natively, SIMD128 when
// bench/kernels/build.sh test compiles this file to WASM) against their naive references.
//
// Tolerance: a float sum of n products, in any order, is within γ(n) = n·u / (1 - n·u) of the
// exact sum, relative to Σ|terms| (u = 2^-24). Kernel and reference each obey that bound, so
// they may differ by 2·γ(n)·Σ|terms| and no more: the bound cannot fail for a correct kernel
// in any summation order, and stays far below a missing, doubled or misplaced term.
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <new>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "layerlab/gemm.hpp"

// Counts operator new calls while armed, so a test can assert that warm kernels allocate
// nothing. Replacing the global operator new is the one portable way to see every allocation.
namespace {
bool g_count_allocations = false;
std::size_t g_allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (g_count_allocations) ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace layerlab {
namespace {

std::vector<float> uniform(std::size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& f : v) f = dist(rng);
  return v;
}

double tolerance(std::size_t terms, double magnitude) {
  const double nu = static_cast<double>(terms) * std::ldexp(1.0, -24);
  return 2.0 * nu / (1.0 - nu) * magnitude;
}

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// dw (K, N) (+)= xᵀ · dy through gemm_tn against gemm_tn_reference. Without accumulate the
// fast output starts NaN-filled, so an element the kernel forgets to write cannot pass.
void check_tn(std::size_t M, std::size_t K, std::size_t N, bool accumulate, std::mt19937& rng) {
  std::ostringstream what;
  what << "gemm_tn M=" << M << " K=" << K << " N=" << N << (accumulate ? " accumulate" : "");
  SCOPED_TRACE(what.str());
  const auto x = uniform(M * K, rng);   // (M, K)
  const auto dy = uniform(M * N, rng);  // (M, N)
  const auto start = uniform(K * N, rng);
  std::vector<float> fast = accumulate ? start : std::vector<float>(K * N, kNaN);  // (K, N)
  std::vector<float> ref = start;
  gemm_tn(x.data(), dy.data(), fast.data(), M, K, N, accumulate);
  gemm_tn_reference(x.data(), dy.data(), ref.data(), M, K, N, accumulate);
  for (std::size_t k = 0; k < K; ++k)
    for (std::size_t j = 0; j < N; ++j) {
      double mag = accumulate ? std::fabs(start[k * N + j]) : 0.0;
      for (std::size_t m = 0; m < M; ++m) mag += std::fabs(double(x[m * K + k]) * dy[m * N + j]);
      const float got = fast[k * N + j], want = ref[k * N + j];
      ASSERT_LE(std::fabs(double(got) - want), tolerance(M + 1, mag))
          << "at (" << k << ", " << j << "): " << got << " vs " << want;
    }
}

// dx (M, K) = dy · wᵀ through gemm_nt against gemm_nt_reference.
void check_nt(std::size_t M, std::size_t N, std::size_t K, std::mt19937& rng) {
  std::ostringstream what;
  what << "gemm_nt M=" << M << " N=" << N << " K=" << K;
  SCOPED_TRACE(what.str());
  const auto dy = uniform(M * N, rng);  // (M, N)
  const auto w = uniform(K * N, rng);   // (K, N)
  std::vector<float> fast(M * K, kNaN), ref(M * K, kNaN);  // (M, K)
  gemm_nt(dy.data(), w.data(), fast.data(), M, N, K);
  gemm_nt_reference(dy.data(), w.data(), ref.data(), M, N, K);
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t k = 0; k < K; ++k) {
      double mag = 0.0;
      for (std::size_t n = 0; n < N; ++n) mag += std::fabs(double(dy[i * N + n]) * w[k * N + n]);
      const float got = fast[i * K + k], want = ref[i * K + k];
      ASSERT_LE(std::fabs(double(got) - want), tolerance(N + 1, mag))
          << "at (" << i << ", " << k << "): " << got << " vs " << want;
    }
}

TEST(GemmBackward, RandomShapesMatchReference) {
  // Every dimension drawn from 0..300 independently, so zero sizes come up among the others.
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<std::size_t> dim(0, 300);
  std::bernoulli_distribution coin(0.5);
  for (int t = 0; t < 80; ++t) {
    check_tn(dim(rng), dim(rng), dim(rng), coin(rng), rng);
    if (HasFatalFailure()) return;
    check_nt(dim(rng), dim(rng), dim(rng), rng);
    if (HasFatalFailure()) return;
  }
}

TEST(GemmBackward, ShapesAroundTileEdgesMatchReference) {
  // Output rows around the 5-row tile, output columns around the 8-wide panels (tails of up to
  // 4 columns take a 4-wide panel, 10 is the MNIST classifier), reduction lengths around the
  // 4-step transposes of the packed panels.
  std::mt19937 rng(5);
  for (std::size_t rows : {1, 2, 3, 4, 5, 6, 9, 10, 11})
    for (std::size_t cols : {1, 3, 4, 5, 7, 8, 9, 10, 12, 13, 16, 17})
      for (std::size_t red : {1, 2, 3, 4, 5, 7, 8, 9}) {
        check_tn(red, rows, cols, (rows + cols + red) % 2 == 0, rng);
        if (HasFatalFailure()) return;
        check_nt(rows, red, cols, rng);
        if (HasFatalFailure()) return;
      }
}

TEST(GemmBackward, ShapesAcrossCacheBlocksMatchReference) {
  // Output rows past the 320-row block; reductions long enough to be cut into equal blocks of
  // at most 512 (partial sums carried through the output, on top of accumulate's start).
  std::mt19937 rng(11);
  check_tn(1100, 321, 19, false, rng);
  check_tn(513, 330, 12, true, rng);
  check_tn(1030, 5, 9, true, rng);  // few rows: the whole reduction fits one A block
  check_tn(64, 700, 130, false, rng);
  check_nt(333, 700, 19, rng);
  check_nt(321, 1100, 12, rng);
  check_nt(2, 2100, 41, rng);
  check_nt(640, 9, 24, rng);
}

TEST(GemmBackward, SmallBatchesAroundThePathSwitchMatchReference) {
  // Batches of up to 8 rows take the small-batch paths (row sums for dW up to 6 rows, dot
  // products for dx up to 8: odd batches end on a one-row pass), larger ones the tiles; with
  // lane tails of the 4-wide vectors and last groups of fewer than 8 or 4 rows of W.
  std::mt19937 rng(9);
  for (std::size_t M = 1; M <= 10; ++M)
    for (std::size_t N : {1, 3, 4, 5, 13, 100})
      for (std::size_t K : {1, 4, 7, 9, 33}) {
        check_tn(M, K, N, (M + N + K) % 2 == 1, rng);
        if (HasFatalFailure()) return;
        check_nt(M, N, K, rng);
        if (HasFatalFailure()) return;
      }
  check_tn(6, 40, 1000, true, rng);
  check_tn(1, 300, 700, false, rng);
  check_nt(7, 1001, 30, rng);
  check_nt(2, 9, 1000, rng);
}

TEST(GemmBackward, ZeroBatchZeroesOrKeepsTheWeightGradient) {
  std::mt19937 rng(3);
  const std::size_t K = 6, N = 10;
  const auto start = uniform(K * N, rng);
  std::vector<float> dw = start;
  gemm_tn(nullptr, nullptr, dw.data(), 0, K, N, true);
  EXPECT_EQ(dw, start) << "accumulating an empty batch adds nothing";
  gemm_tn(nullptr, nullptr, dw.data(), 0, K, N, false);
  for (float v : dw) EXPECT_EQ(v, 0.0f);
  gemm_tn_reference(nullptr, nullptr, dw.data(), 0, K, N, false);
  for (float v : dw) EXPECT_EQ(v, 0.0f);
}

TEST(GemmBackward, EmptyOutputsWriteNothing) {
  std::mt19937 rng(4);
  const auto a = uniform(64, rng);
  std::vector<float> out(8, 42.0f);
  for (bool accumulate : {false, true}) {
    gemm_tn(a.data(), a.data(), out.data(), 4, 0, 5, accumulate);  // K = 0
    gemm_tn(a.data(), a.data(), out.data(), 4, 5, 0, accumulate);  // N = 0
  }
  gemm_nt(a.data(), a.data(), out.data(), 0, 5, 4);  // M = 0
  gemm_nt(a.data(), a.data(), out.data(), 4, 5, 0);  // K = 0
  for (float v : out) EXPECT_EQ(v, 42.0f);
}

TEST(GemmBackward, EmptyReductionGivesZeroInputGradient) {
  std::vector<float> dx(3 * 7, kNaN);
  gemm_nt(nullptr, nullptr, dx.data(), 3, 0, 7);
  for (float v : dx) EXPECT_EQ(v, 0.0f);
  std::mt19937 rng(6);
  check_nt(3, 0, 7, rng);
}

TEST(GemmBackward, WarmCallsAllocateNothing) {
  // One MLP training step's products, run once to grow the scratch, then again counted.
  std::mt19937 rng(8);
  const auto x = uniform(32 * 784, rng), dy = uniform(32 * 256, rng), w = uniform(784 * 256, rng);
  std::vector<float> dw(784 * 256), dx(32 * 784);
  const auto step = [&] {
    gemm_tn(x.data(), dy.data(), dw.data(), 32, 784, 256, true);
    gemm_nt(dy.data(), w.data(), dx.data(), 32, 256, 784);
    gemm_tn(x.data(), dy.data(), dw.data(), 7, 100, 10, false);
    gemm_nt(dy.data(), w.data(), dx.data(), 7, 10, 100);
  };
  step();
  g_allocations = 0;
  g_count_allocations = true;
  step();
  g_count_allocations = false;
  EXPECT_EQ(g_allocations, 0u);
}

}  // namespace
}  // namespace layerlab
