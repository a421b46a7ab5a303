#include "layerlab/shape.hpp"

#include <limits>
#include <stdexcept>

#include "layerlab/errors.hpp"

namespace layerlab {

std::string to_string(const Shape& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(shape[i]);
  }
  if (shape.size() == 1) out += ",";  // Python's one-element tuple
  return out + ")";
}

std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  if (a != 0 && b > kMax / a) return kMax;
  return a * b;
}

std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  return b > kMax - a ? kMax : a + b;
}

std::uint64_t element_count(const Shape& shape) {
  std::uint64_t n = 1;
  for (std::size_t d : shape) n = mul_sat(n, d);
  return n;
}

std::uint64_t float_bytes(const Shape& shape) { return mul_sat(element_count(shape), sizeof(float)); }

std::string shape_problem(const Shape& shape) {
  if (shape.empty() || shape.size() > kMaxRank) {
    return " must have rank 1 to " + std::to_string(kMaxRank) + " but got rank " +
           std::to_string(shape.size()) + " " + to_string(shape);
  }
  if (float_bytes(shape) > kMaxTensorBytes) {
    return " of shape " + to_string(shape) + " would need " + std::to_string(float_bytes(shape)) +
           " bytes, over the 2 GiB limit per tensor";
  }
  // An empty tensor (a 0 dimension) needs no bytes, but its other dimensions still count:
  // xtensor multiplies them into signed strides, which overflow (undefined behaviour) for
  // absurd sizes, and they multiply into Flatten's feature count. Only reachable with a 0.
  std::uint64_t span = 1;
  for (std::size_t d : shape) span = mul_sat(span, d == 0 ? 1 : d);
  const std::uint64_t span_bytes = mul_sat(span, sizeof(float));
  if (span_bytes > kMaxTensorBytes) {
    return " of shape " + to_string(shape) + " is empty but its other dimensions would need " +
           std::to_string(span_bytes) + " bytes, over the 2 GiB limit per tensor";
  }
  return {};
}

void check_shape(const Shape& shape, const std::string& what) {
  std::string problem = shape_problem(shape);
  if (!problem.empty()) throw std::invalid_argument(what + problem);
}

}  // namespace layerlab
