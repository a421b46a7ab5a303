// Standalone kernel harness (not part of the app): times layerlab::gemm_packed (or, with
// --backward, gemm_tn and gemm_nt) against the naive loops and the register-only mul+add
// ceiling, all inside one WASM module under Node.
// Built by bench/kernels/build.sh harness; run: node build/bench/harness/gemm_bench_<tile>.cjs
//   [--quick] [--backward] [shape index ...]
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "layerlab/gemm.hpp"

extern "C" double ll_probe_ceiling(int iters);
extern "C" void ll_naive_gemm(const float* x, const float* w, const float* b, float* y, int M,
                              int K, int N);
extern "C" void ll_naive_gemm_tn(const float* x, const float* dy, float* dw, int M, int K, int N);
extern "C" void ll_naive_gemm_nt(const float* dy, const float* w, float* dx, int M, int N, int K);

namespace {

struct Shape {
  int M, K, N;
};

// The benchmark's five Linear shapes, then the MLP's layers at batch 1 and small batches (the
// one- and two-row tiles, the narrow last panel, the 5/4 row split).
const Shape kShapes[] = {
    {32, 784, 256}, {32, 256, 128}, {32, 128, 10}, {64, 2048, 1000}, {256, 4096, 4096},
    {1, 784, 256},  {1, 256, 128},  {1, 128, 10},  {2, 784, 256},   {3, 784, 256},
    {4, 784, 256},  {7, 784, 256},  {256, 128, 10},
};
constexpr int kShapeCount = sizeof(kShapes) / sizeof(kShapes[0]);

// Linear shapes (x (M, K), W (K, N)) whose backward products are timed: the MNIST MLP's layers
// at batch 32, 1 and 256, the two large shapes, two shapes nobody tuned for, then small batches
// around the switch to the small-batch paths.
const Shape kBackwardShapes[] = {
    {32, 784, 256},   {32, 256, 128},   {32, 128, 10},     {1, 784, 256},
    {1, 256, 128},    {1, 128, 10},     {256, 784, 256},   {256, 256, 128},
    {256, 128, 10},   {64, 2048, 1000}, {256, 4096, 4096}, {100, 1000, 333},
    {17, 513, 77},    {2, 784, 256},    {3, 784, 256},     {4, 784, 256},
    {6, 784, 256},    {8, 784, 256},    {12, 784, 256},    {16, 784, 256},
};
constexpr int kBackwardShapeCount = sizeof(kBackwardShapes) / sizeof(kBackwardShapes[0]);

double now_ms() { return emscripten_get_now(); }

// Best per-call time over repetitions lasting at least min_ms in total: the minimum is the
// least disturbed by the other engineers' builds on this 2-core machine.
template <typename F>
double best_ms(F&& f, double min_ms, int min_reps) {
  double best = 1e300, total = 0;
  for (int r = 0; r < min_reps || total < min_ms; ++r) {
    const double t0 = now_ms();
    f();
    const double dt = now_ms() - t0;
    best = std::min(best, dt);
    total += dt;
  }
  return best;
}

double probe_gflops() {
  const int iters = 10'000'000;
  double best = 0;
  for (int r = 0; r < 12; ++r) {
    const double t0 = now_ms();
    const double flops = ll_probe_ceiling(iters);
    best = std::max(best, flops / ((now_ms() - t0) * 1e6));
  }
  return best;
}

// Largest |fast - naive| over the first `rows` rows, relative to 1 + Σ|terms|. a (rows, red)
// and b (cols, red) give term r, c, t as a[r*sa + t*ta] * b[c*sb + t*tb].
double worst_error(const float* fast, const float* naive, std::size_t rows, std::size_t cols,
                   std::size_t red, const float* a, std::size_t sa, std::size_t ta, const float* b,
                   std::size_t sb, std::size_t tb) {
  double worst = 0;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      double mag = 0;
      for (std::size_t t = 0; t < red; ++t) mag += std::fabs(a[r * sa + t * ta] * b[c * sb + t * tb]);
      worst = std::max(worst, std::fabs(fast[r * cols + c] - naive[r * cols + c]) / (1.0 + mag));
    }
  return worst;
}

// gemm_tn (dW += xᵀ·dy, as a training step accumulates) and gemm_nt (dx = dy·Wᵀ) on every
// picked Linear shape, each against its naive loop (on a slice of the batch where the full
// naive product would take seconds).
void run_backward(const std::vector<int>& picks, bool quick, double ceiling, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int s : picks) {
    const Shape sh = kBackwardShapes[s];
    const std::size_t M = sh.M, K = sh.K, N = sh.N;
    std::vector<float> x(M * K), w(K * N), dy(M * N), dw(K * N), dx(M * K), ref(std::max(K * N, M * K));
    for (auto& v : x) v = dist(rng);
    for (auto& v : w) v = dist(rng);
    for (auto& v : dy) v = dist(rng);
    const double flops = 2.0 * M * K * N;
    const int slice = static_cast<int>(std::max<std::size_t>(
        1, std::min<std::size_t>(M, static_cast<std::size_t>(2e8 / (2.0 * K * N)))));
    const double min_ms = quick ? 200 : 1000;

    // dW: the naive loop over the slice's rows of x and dy is a whole (smaller-batch) product.
    const double tn_ms = best_ms(
        [&] { layerlab::gemm_tn(x.data(), dy.data(), dw.data(), M, K, N, true); }, min_ms, 3);
    const double tn_naive_ms = best_ms(
        [&] { ll_naive_gemm_tn(x.data(), dy.data(), ref.data(), slice, K, N); }, quick ? 100 : 300, 1);
    layerlab::gemm_tn(x.data(), dy.data(), dw.data(), slice, K, N, false);
    const double tn_err = worst_error(dw.data(), ref.data(), K, N, slice, x.data(), 1, K,
                                      dy.data(), 1, N);

    const double nt_ms =
        best_ms([&] { layerlab::gemm_nt(dy.data(), w.data(), dx.data(), M, N, K); }, min_ms, 3);
    const double nt_naive_ms = best_ms(
        [&] { ll_naive_gemm_nt(dy.data(), w.data(), ref.data(), slice, N, K); }, quick ? 100 : 300, 1);
    const double nt_err = worst_error(dx.data(), ref.data(), slice, K, N, dy.data(), N, 1,
                                      w.data(), N, 1);

    // The forward product of the same shape, timed alongside: on this shared machine the
    // ratio to it is steadier than the ratio to a ceiling probed once.
    layerlab::PackedWeights pw;
    pw.pack(w.data(), K, N);
    const double fwd_ms = best_ms(
        [&] { layerlab::gemm_packed(x.data(), pw, nullptr, ref.data(), M, false); }, min_ms, 3);
    const double fwd_gf = flops / (fwd_ms * 1e6);
    std::printf("fw (%4zux%4zu)(%4zux%4zu)  %8.3f ms %6.2f GFLOP/s (%3.0f%%)\n", M, K, K, N, fwd_ms,
                fwd_gf, 100 * fwd_gf / ceiling);

    const double slice_flops = 2.0 * slice * K * N;
    const double tn_gf = flops / (tn_ms * 1e6), nt_gf = flops / (nt_ms * 1e6);
    std::printf(
        "dW (%4zux%4zu)T(%4zux%4zu) %8.3f ms %6.2f GFLOP/s (%3.0f%%) naive %5.2f  err %.1e%s\n",
        K, M, M, N, tn_ms, tn_gf, 100 * tn_gf / ceiling, slice_flops / (tn_naive_ms * 1e6), tn_err,
        tn_err > 1e-5 ? "  MISMATCH" : "");
    std::printf(
        "dx (%4zux%4zu)(%4zux%4zu)T %8.3f ms %6.2f GFLOP/s (%3.0f%%) naive %5.2f  err %.1e%s\n",
        M, N, K, N, nt_ms, nt_gf, 100 * nt_gf / ceiling, slice_flops / (nt_naive_ms * 1e6), nt_err,
        nt_err > 1e-5 ? "  MISMATCH" : "");
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, backward = false;
  std::vector<int> picks;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0)
      quick = true;
    else if (std::strcmp(argv[i], "--backward") == 0)
      backward = true;
    else
      picks.push_back(std::max(std::atoi(argv[i]), 0));
  }
  const int count = backward ? kBackwardShapeCount : kShapeCount;
  for (int& p : picks) p = std::min(p, count - 1);
  if (picks.empty())
    for (int i = 0; i < count; ++i) picks.push_back(i);

  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);

  // Warm-up: V8 runs a function's first calls in Liftoff and swaps in TurboFan code only for
  // later calls, so every kernel and the probe must have been called a few times before timing.
  {
    std::vector<float> x(64 * 256), w(256 * 136), b(136), y(64 * 136);
    for (auto& v : x) v = dist(rng);
    for (auto& v : w) v = dist(rng);
    layerlab::PackedWeights pw;
    pw.pack(w.data(), 256, 136);
    for (int r = 0; r < 300; ++r)
      for (int m : {1, 2, 3, 4, 5, 6, 7, 8, 64})
        layerlab::gemm_packed(x.data(), pw, b.data(), y.data(), m, r & 1);
    for (int r = 0; r < 20; ++r) ll_naive_gemm(x.data(), w.data(), b.data(), y.data(), 8, 256, 136);
    std::vector<float> d(256 * 136);
    for (int r = 0; r < 300; ++r)
      for (int m : {1, 2, 7, 64}) {
        layerlab::gemm_tn(x.data(), y.data(), d.data(), m, 256, 136, r & 1);
        layerlab::gemm_nt(y.data(), w.data(), d.data(), m, 136, 256);
      }
    for (int r = 0; r < 20; ++r) {
      ll_naive_gemm_tn(x.data(), y.data(), d.data(), 8, 256, 136);
      ll_naive_gemm_nt(y.data(), w.data(), d.data(), 8, 136, 256);
    }
    for (int r = 0; r < 50; ++r) ll_probe_ceiling(100000);
    const double t0 = now_ms();
    while (now_ms() - t0 < 300) {
    }
  }

  const double ceiling = probe_gflops();
  std::printf("kernel %s  ceiling probe %.2f GFLOP/s\n", layerlab::gemm_kernel_name(), ceiling);
  if (backward) {
    run_backward(picks, quick, ceiling, rng);
    return 0;
  }

  for (int s : picks) {
    const Shape sh = kShapes[s];
    const std::size_t M = sh.M, K = sh.K, N = sh.N;
    std::vector<float> x(M * K), w(K * N), b(N), y(M * N), ref(M * N);
    for (auto& v : x) v = dist(rng);
    for (auto& v : w) v = dist(rng);
    for (auto& v : b) v = dist(rng);

    layerlab::PackedWeights pw;
    const double pack_ms = best_ms([&] { pw.pack(w.data(), K, N); }, quick ? 0 : 100, 1);
    const double flops = 2.0 * M * K * N;
    const double packed_ms = best_ms(
        [&] { layerlab::gemm_packed(x.data(), pw, b.data(), y.data(), M, false); },
        quick ? 200 : 1000, 3);

    // The naive loop walks W by columns and takes seconds on the big shapes: time a few rows.
    const int naive_rows = static_cast<int>(std::max<std::size_t>(
        1, std::min<std::size_t>(M, static_cast<std::size_t>(2e8 / (2.0 * K * N)))));
    const double naive_ms = best_ms(
        [&] { ll_naive_gemm(x.data(), w.data(), b.data(), ref.data(), naive_rows, K, N); },
        quick ? 100 : 300, 1);
    const double naive_gflops = 2.0 * naive_rows * K * N / (naive_ms * 1e6);

    double worst = 0;
    for (int i = 0; i < naive_rows; ++i)
      for (std::size_t j = 0; j < N; ++j) {
        double mag = std::fabs(b[j]);
        for (std::size_t k = 0; k < K; ++k) mag += std::fabs(x[i * K + k] * w[k * N + j]);
        worst = std::max(worst, std::fabs(y[i * N + j] - ref[i * N + j]) / (1.0 + mag));
      }

    const double gflops = flops / (packed_ms * 1e6);
    std::printf(
        "(%4zux%4zu)x(%4zux%4zu)  packed %8.3f ms %6.2f GFLOP/s (%3.0f%% of ceiling)  naive %6.2f "
        "GFLOP/s  speedup %6.1fx  pack %7.2f ms  err %.1e%s\n",
        M, K, K, N, packed_ms, gflops, 100 * gflops / ceiling, naive_gflops, gflops / naive_gflops,
        pack_ms, worst, worst > 1e-5 ? "  MISMATCH" : "");
  }
  return 0;
}
