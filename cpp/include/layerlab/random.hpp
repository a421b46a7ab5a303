#pragma once
// One small, portable PRNG (xoshiro256** seeded by splitmix64) and a normal sampler built only
// from IEEE-exact operations (+ - * / sqrt, floor, frexp, ldexp), so a seed gives the same bits
// natively and in WASM. std:: distributions are avoided: their output differs between standard
// libraries, and libm's exp/log may differ in the last bit between glibc and Emscripten's musl.
#include <cstdint>

namespace layerlab {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }
  void reseed(std::uint64_t seed);

  std::uint64_t next_u64();
  double uniform();  // [0, 1), 53 random bits
  double normal();   // mean 0, std 1 (256-layer ziggurat; about one 64-bit draw per sample)

 private:
  std::uint64_t s_[4] = {};
};

// The process-wide RNG that drives initialisation and dropout masks (ll.seed reseeds it).
Rng& global_rng();

// exp and log from exact operations only (range reduction + fixed polynomials), with relative
// error below 1e-13: used by the normal sampler so that no libm difference can change a sample.
double portable_log(double x);  // x > 0
double portable_exp(double x);  // x <= 700

}  // namespace layerlab
