#pragma once
// Summary statistics and an equal-width histogram of a block's values (a Linear's W, a block's
// output), for the block cards.
//
// Why in C++: the page's values worker computes these for every W and every output on its cold
// first run, where still-unoptimised JavaScript spent 16-50 ms of the MNIST MLP's first run on
// them (and had to copy W out of the heap first). The WASM is compiled before it runs and reads
// the floats in place.
//
// The JavaScript reference is web/src/engine/stats.ts (valueStats + histogram); the results are
// bit-identical to it: the same double-precision operations in the same order.
#include <cstddef>
#include <cstdint>
#include <string>

#include <xtensor/xtensor.hpp>

namespace layerlab {

// More bins than any chart draws; the cap keeps a mistyped count from allocating gigabytes.
inline constexpr std::int64_t kMaxHistogramBins = 65536;

struct ValueStats {
  std::size_t count = 0;
  double mean = 0;
  double stddev = 0;  // population: sqrt(sum((v - mean)^2) / count)
  double min = 0;
  double max = 0;
  double zero_fraction = 0;  // exact zeros (dead ReLUs, dropped units) over count
};

struct Histogram {
  double start = 0;  // left edge of the first bin
  double width = 1;  // of every bin; 1 when all values are equal (one bin holds them)
  xt::xtensor<std::uint64_t, 1> counts;  // (bins,)
};

struct ValueSummary {
  ValueStats stats;
  Histogram histogram;
};

// Statistics of data[0, count) and a histogram of `bins` equal-width bins over [min, max]; the
// last bin is closed. No values: all statistics 0, start 0, width 1, every count 0.
// A value whose bin is not a number (NaN among other values, or infinities that make the bin
// Inf/Inf) is in no bin, as in the reference, whose array gets it under a key "NaN" instead.
// Throws std::invalid_argument naming `who` unless 1 <= bins <= kMaxHistogramBins.
ValueSummary summarize_values(const float* data, std::size_t count, std::int64_t bins,
                              const std::string& who = "stats");

}  // namespace layerlab
