#include "layerlab/random.hpp"

#include <array>
#include <cmath>

namespace layerlab {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

double density(double x) { return portable_exp(-0.5 * x * x); }  // unnormalised N(0, 1)

// Marsaglia & Tsang's ziggurat with 256 layers of equal area kArea under the normal density;
// the base layer ends at kTail, beyond which samples come from the exact tail. x[i] are the
// layers' right edges (x[0] the base layer's equivalent width, x[256] = 0), f[i] = density(x[i]).
// Computed once from the portable exp/log, so the tables are the same bits everywhere.
constexpr double kTail = 3.654152885361008796;
constexpr double kArea = 0.00492867323399;

struct Ziggurat {
  std::array<double, 257> x{};
  std::array<double, 257> f{};
  Ziggurat() {
    x[0] = kArea / density(kTail);
    x[1] = kTail;
    for (int i = 2; i < 256; ++i) x[i] = std::sqrt(-2.0 * portable_log(kArea / x[i - 1] + density(x[i - 1])));
    x[256] = 0.0;
    for (int i = 0; i <= 256; ++i) f[i] = density(x[i]);
  }
};

const Ziggurat& ziggurat() {
  static const Ziggurat z;
  return z;
}

}  // namespace

void Rng::reseed(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& s : s_) s = splitmix64(state);
}

std::uint64_t Rng::next_u64() {  // xoshiro256**
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  const Ziggurat& z = ziggurat();
  for (;;) {
    // One draw gives the layer (low 8 bits) and a signed position in (-1, 1) (high 53 bits).
    const std::uint64_t bits = next_u64();
    const int i = static_cast<int>(bits & 0xff);
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-52 - 1.0;
    const double x = u * z.x[i];
    if (std::fabs(x) < z.x[i + 1]) return x;  // inside the layer's rectangle: ~99% of draws
    if (i == 0) {
      // The tail beyond kTail (Marsaglia 1964): exact, needs two logarithms.
      double tx, ty;
      do {
        tx = portable_log(1.0 - uniform()) / kTail;  // 1 - u is in (0, 1]: log stays finite
        ty = portable_log(1.0 - uniform());
      } while (-2.0 * ty < tx * tx);
      return u < 0 ? tx - kTail : kTail - tx;
    }
    // In the wedge between the rectangle and the curve: accept under the density.
    if (z.f[i + 1] + (z.f[i] - z.f[i + 1]) * uniform() < density(x)) return x;
  }
}

double portable_log(double x) {
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log(m) = 2 atanh(f) = 2 (f + f^3/3 + f^5/5 + ...)
  // with f = (m-1)/(m+1), |f| < 0.1716, f^2 < 0.0295. Nine terms leave a relative error below
  // 0.0295^9 / 19 < 1e-15; every step is an exact IEEE operation, the coefficients are folded
  // at compile time (correctly rounded), and -ffp-contract=off rules out fused multiply-adds.
  int e = 0;
  double m = std::frexp(x, &e);  // exact: m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  const double f = (m - 1.0) / (m + 1.0);
  const double f2 = f * f;
  constexpr double c[] = {1.0, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17};
  double p = c[8];
  for (int k = 7; k >= 0; --k) p = p * f2 + c[k];
  return 2.0 * f * p + e * 0.69314718055994530942;
}

double portable_exp(double x) {
  // x = k ln2 + r with |r| <= ln2/2; exp(r) by its Taylor series to r^15/15! (< 3e-17 at
  // r = 0.35); exp(x) = exp(r) 2^k, and ldexp is exact. ln2 is split so that k * kLn2Hi is exact
  // for |k| < 2^11.
  constexpr double kLn2Hi = 0.693145751953125;  // 22 significant bits
  constexpr double kLn2Lo = 1.42860682030941723212e-6;
  constexpr double kInvLn2 = 1.44269504088896340736;
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0;
  for (int n = 15; n >= 1; --n) p = 1.0 + p * r / n;  // Horner on 1 + r(1 + r/2(1 + r/3(...)))
  return std::ldexp(p, static_cast<int>(k));
}

Rng& global_rng() {
  static Rng rng(42);
  return rng;
}

}  // namespace layerlab
