#include "layerlab/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace layerlab {

ValueSummary summarize_values(const float* data, std::size_t count, std::int64_t bins,
                              const std::string& who) {
  if (bins < 1 || bins > kMaxHistogramBins) {
    throw std::invalid_argument(who + ": bins must be from 1 to " + std::to_string(kMaxHistogramBins) +
                                " but got " + std::to_string(bins));
  }
  const auto nbins = static_cast<std::size_t>(bins);
  ValueSummary out;
  out.histogram.counts = xt::zeros<std::uint64_t>({nbins});  // (bins,)
  if (count == 0) return out;

  // Pass 1: the sum in double of the float values, in index order, as the reference adds them.
  // Comparisons in float give the same min/max as in double and skip NaN the same way.
  double sum = 0;
  float lo = std::numeric_limits<float>::infinity();
  float hi = -std::numeric_limits<float>::infinity();
  std::size_t zeros = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const float v = data[i];
    sum += static_cast<double>(v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v == 0.0f) ++zeros;
  }
  const auto n = static_cast<double>(count);
  const double mean = sum / n;
  const double min = lo;
  const double span = static_cast<double>(hi) - min;
  const bool spread = span > 0;  // false for all-equal values (and for all-NaN: span is -Inf)
  const double width = spread ? span / static_cast<double>(nbins) : 1.0;
  const auto last = static_cast<double>(nbins - 1);

  // Pass 2: squared deviations (in index order) and the bins, in one read of the data.
  double sq = 0;
  std::uint64_t* counts = out.histogram.counts.data();
  for (std::size_t i = 0; i < count; ++i) {
    const auto v = static_cast<double>(data[i]);
    const double d = v - mean;
    sq += d * d;
    if (!spread) {
      ++counts[0];
      continue;
    }
    const double q = std::floor((v - min) / width);  // >= 0: v >= min, and rounding is monotonic
    if (std::isnan(q)) continue;
    ++counts[static_cast<std::size_t>(std::min(last, q))];
  }

  out.stats = {count, mean, std::sqrt(sq / n), min, static_cast<double>(hi),
               static_cast<double>(zeros) / n};
  out.histogram.start = min;
  out.histogram.width = width;
  return out;
}

}  // namespace layerlab
