#pragma once
// One small, portable PRNG (xoshiro256** seeded by splitmix64) and a normal sampler built only
// from IEEE-exact operations (+ - * / sqrt, frexp), so a seed gives the same bits natively and
// in WASM. std:: distributions are avoided: their output differs between standard libraries.
#include <cstdint>

namespace layerlab {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }
  void reseed(std::uint64_t seed);

  std::uint64_t next_u64();
  double uniform();  // [0, 1), 53 random bits
  double normal();   // mean 0, std 1 (Marsaglia polar method)

 private:
  std::uint64_t s_[4] = {};
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// The process-wide RNG that drives initialisation and dropout masks (ll.seed reseeds it).
Rng& global_rng();

// Natural logarithm for x > 0 from exact operations only (series in atanh form); used by
// Rng::normal so that no libm difference can change a sample.
double portable_log(double x);

}  // namespace layerlab
