// Native counterpart of gemm_bench.cpp: times the native gemm_packed against gemm_reference on
// the benchmark's shapes. Build and run: bash bench/kernels/build.sh native
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "layerlab/gemm.hpp"

namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

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

}  // namespace

int main() {
  struct Shape {
    std::size_t M, K, N;
  };
  const Shape shapes[] = {
      {32, 784, 256}, {32, 256, 128}, {32, 128, 10}, {64, 2048, 1000}, {256, 4096, 4096}};
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::printf("kernel %s\n", layerlab::gemm_kernel_name());
  for (const Shape& s : shapes) {
    std::vector<float> x(s.M * s.K), w(s.K * s.N), b(s.N), y(s.M * s.N), ref(s.M * s.N);
    for (auto& v : x) v = dist(rng);
    for (auto& v : w) v = dist(rng);
    for (auto& v : b) v = dist(rng);
    layerlab::PackedWeights pw;
    pw.pack(w.data(), s.K, s.N);
    const double ms = best_ms(
        [&] { layerlab::gemm_packed(x.data(), pw, b.data(), y.data(), s.M, false); }, 500, 3);
    const std::size_t rows = std::max<std::size_t>(
        1, std::min<std::size_t>(s.M, static_cast<std::size_t>(2e8 / (2.0 * s.K * s.N))));
    const double ref_ms = best_ms(
        [&] {
          layerlab::gemm_reference(x.data(), w.data(), b.data(), ref.data(), rows, s.K, s.N,
                                   false);
        },
        200, 1);
    const double gf = 2.0 * s.M * s.K * s.N / (ms * 1e6);
    const double ref_gf = 2.0 * rows * s.K * s.N / (ref_ms * 1e6);
    std::printf(
        "(%4zux%4zu)x(%4zux%4zu)  packed %8.3f ms %6.2f GFLOP/s  reference %6.2f GFLOP/s  "
        "speedup %6.1fx\n",
        s.M, s.K, s.K, s.N, ms, gf, ref_gf, gf / ref_gf);
  }
}
