// summarize_values against a plain transliteration of web/src/engine/stats.ts (three simple
// loops), compared bit for bit: the page shows the C++ numbers where it showed the JS ones.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "test_util.hpp"

namespace layerlab {
namespace {

struct Naive {
  double count = 0, mean = 0, stddev = 0, min = 0, max = 0, zeros = 0, start = 0, width = 1;
  std::vector<std::uint64_t> counts;
};

// valueStats + histogram as the JavaScript writes them.
Naive naive(const std::vector<float>& values, std::size_t bins) {
  Naive r;
  r.counts.assign(bins, 0);
  const std::size_t n = values.size();
  if (n == 0) return r;
  double sum = 0, min = std::numeric_limits<double>::infinity(), max = -min, zeros = 0;
  for (float f : values) {
    const double v = f;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v == 0) zeros++;
  }
  const double mean = sum / static_cast<double>(n);
  double sq = 0;
  for (float f : values) {
    const double d = static_cast<double>(f) - mean;
    sq += d * d;
  }
  r = {static_cast<double>(n), mean, std::sqrt(sq / static_cast<double>(n)), min, max,
       zeros / static_cast<double>(n), min, 1, r.counts};
  const double span = max - min;
  r.width = span > 0 ? span / static_cast<double>(bins) : 1;
  for (float f : values) {
    // Math.min(bins - 1, NaN) is NaN, and counts[NaN]++ lands on the key "NaN", in no bin.
    const double q = span > 0 ? std::floor((static_cast<double>(f) - min) / r.width) : 0;
    if (std::isnan(q)) continue;
    r.counts[static_cast<std::size_t>(std::min(static_cast<double>(bins - 1), q))]++;
  }
  return r;
}

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

void expect_same(const std::vector<float>& values, std::int64_t bins) {
  SCOPED_TRACE("n = " + std::to_string(values.size()) + ", bins = " + std::to_string(bins));
  const ValueSummary s = summarize_values(values.data(), values.size(), bins);
  const Naive r = naive(values, static_cast<std::size_t>(bins));
  EXPECT_EQ(static_cast<double>(s.stats.count), r.count);
  EXPECT_EQ(bits(s.stats.mean), bits(r.mean)) << s.stats.mean << " vs " << r.mean;
  EXPECT_EQ(bits(s.stats.stddev), bits(r.stddev)) << s.stats.stddev << " vs " << r.stddev;
  EXPECT_EQ(bits(s.stats.min), bits(r.min));
  EXPECT_EQ(bits(s.stats.max), bits(r.max));
  EXPECT_EQ(bits(s.stats.zero_fraction), bits(r.zeros));
  EXPECT_EQ(bits(s.histogram.start), bits(r.start));
  EXPECT_EQ(bits(s.histogram.width), bits(r.width));
  EXPECT_EQ(std::vector<std::uint64_t>(s.histogram.counts.begin(), s.histogram.counts.end()), r.counts);
}

// Seeded normal values around `shift`, every `zero_every`-th one an exact zero.
std::vector<float> values(std::size_t n, std::uint64_t seed, double scale, double shift,
                          std::size_t zero_every = 0) {
  Rng rng(seed);
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = (zero_every && i % zero_every == 0) ? 0.0f : static_cast<float>(shift + scale * rng.normal());
  }
  return out;
}

TEST(Stats, MatchesTheJavaScriptBitForBitOverSizesAndBins) {
  for (std::size_t n : {0u, 1u, 7u, 4096u, 200003u}) {
    for (std::int64_t bins : {1, 40}) {
      expect_same(values(n, n + 1, 1.0, 0.0), bins);               // negative and positive
      expect_same(values(n, n + 2, 0.05, 3.0), bins);              // all positive, far from 0
      expect_same(values(n, n + 3, 1e-3, -7.5, 5), bins);          // negative, with zeros
      expect_same(values(n, n + 4, 1e4, 0.0, 3), bins);            // wide, with zeros
    }
  }
}

TEST(Stats, NoValuesGiveZerosAndAUnitBin) {
  const ValueSummary s = summarize_values(nullptr, 0, 40);
  EXPECT_EQ(s.stats.count, 0u);
  EXPECT_EQ(s.stats.mean, 0.0);
  EXPECT_EQ(s.stats.stddev, 0.0);
  EXPECT_EQ(s.histogram.start, 0.0);
  EXPECT_EQ(s.histogram.width, 1.0);
  EXPECT_EQ(s.histogram.counts.size(), 40u);
  EXPECT_EQ(xt::sum(s.histogram.counts)(), 0u);
}

TEST(Stats, AllEqualValuesFillOneBinOfWidthOne) {
  const std::vector<float> same(1000, -2.5f);
  const ValueSummary s = summarize_values(same.data(), same.size(), 40);
  EXPECT_EQ(s.stats.mean, -2.5);
  EXPECT_EQ(s.stats.stddev, 0.0);
  EXPECT_EQ(s.histogram.start, -2.5);
  EXPECT_EQ(s.histogram.width, 1.0);
  EXPECT_EQ(s.histogram.counts(0), 1000u);
  expect_same(same, 40);
  expect_same(std::vector<float>(7, 0.0f), 40);
}

TEST(Stats, ZerosAndTheEdgesOfTheRange) {
  const std::vector<float> v = {0.0f, -0.0f, 1.0f, 0.0f, -1.0f, 0.25f, 1.0f, -1.0f};
  const ValueSummary s = summarize_values(v.data(), v.size(), 4);
  EXPECT_EQ(s.stats.zero_fraction, 3.0 / 8.0);  // -0 is a zero too
  EXPECT_EQ(s.histogram.start, -1.0);
  EXPECT_EQ(s.histogram.width, 0.5);
  // [-1, -0.5) [-0.5, 0) [0, 0.5) [0.5, 1]: the maximum falls in the last bin, not past it.
  EXPECT_EQ(std::vector<std::uint64_t>(s.histogram.counts.begin(), s.histogram.counts.end()),
            (std::vector<std::uint64_t>{2, 0, 4, 2}));
  expect_same(v, 4);
  expect_same({-0.0f, 0.0f}, 3);  // min keeps the first of -0 and 0, as `v < min` does
  expect_same({0.0f, -0.0f}, 3);
}

TEST(Stats, AValueOnABinEdgeIsBinnedByDivisionNotByTheReciprocal) {
  // 0.45f / (0.9f / 2) is exactly 1, but 0.45f * (1 / (0.9f / 2)) rounds to just below 1.
  const std::vector<float> v = {0.0f, 0.45f, 0.9f};
  const ValueSummary s = summarize_values(v.data(), v.size(), 2);
  EXPECT_EQ(s.histogram.counts(0), 1u);
  EXPECT_EQ(s.histogram.counts(1), 2u);
  expect_same(v, 2);
}

TEST(Stats, NanIsInNoBinAndMakesTheMeanNan) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> v = {1.0f, nan, 3.0f};
  const ValueSummary s = summarize_values(v.data(), v.size(), 2);
  EXPECT_TRUE(std::isnan(s.stats.mean));
  EXPECT_EQ(s.stats.min, 1.0);
  EXPECT_EQ(s.stats.max, 3.0);
  EXPECT_EQ(s.histogram.counts(0) + s.histogram.counts(1), 2u);
  const std::vector<float> inf = {-std::numeric_limits<float>::infinity(), 0.0f, 2.0f};
  expect_same(inf, 4);  // every bin is Inf/Inf: NaN, so nothing is counted, as in JS
}

TEST(Stats, RefusesBinsOutsideOneTo65536NamingTheCaller) {
  const float v[] = {1.0f};
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { summarize_values(v, 1, 0, "Tensor.stats"); }),
            "Tensor.stats: bins must be from 1 to 65536 but got 0");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { summarize_values(v, 1, -3); }),
            "stats: bins must be from 1 to 65536 but got -3");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { summarize_values(v, 1, 65537); }),
            "stats: bins must be from 1 to 65536 but got 65537");
  EXPECT_NO_THROW(summarize_values(v, 1, 65536));
}

}  // namespace
}  // namespace layerlab
