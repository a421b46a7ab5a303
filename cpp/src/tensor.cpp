#include "layerlab/tensor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace layerlab {

Shape shape_of(const Tensor& t) { return Shape(t.shape().begin(), t.shape().end()); }

Tensor zeros(const Shape& shape, const std::string& what) {
  check_shape(shape, what);
  Tensor t = Tensor::from_shape(shape);  // from_shape leaves values unset
  t.fill(0.0f);
  return t;
}

Tensor from_data(const float* data, std::size_t count, const Shape& shape) {
  check_shape(shape, "tensor");
  if (element_count(shape) != count) {
    throw std::invalid_argument("tensor of shape " + to_string(shape) + " needs " +
                                std::to_string(element_count(shape)) + " values but got " +
                                std::to_string(count));
  }
  Tensor t = Tensor::from_shape(shape);
  std::copy(data, data + count, t.data());
  return t;
}

float max_magnitude(const float* data, std::size_t count) {
  std::uint32_t largest = 0;
  for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, magnitude_bits(data[i]));
  if (largest >= kNonFiniteBits) return std::numeric_limits<float>::infinity();  // NaN too
  float v;
  std::memcpy(&v, &largest, sizeof v);
  return v;
}

std::string input_problem(const Tensor& x) {
  const Shape shape = shape_of(x);
  std::string problem = shape_problem(shape);
  if (!problem.empty()) return " input" + problem;
  if (all_finite(x.data(), x.size())) return {};
  const float* p = x.data();
  std::size_t i = 0;
  while (std::isfinite(p[i])) ++i;
  return " got a non-finite input value (" + std::string(std::isnan(p[i]) ? "NaN" : "Inf") +
         ") at flat index " + std::to_string(i) + " of " + to_string(shape);
}

void check_input(const Tensor& x, const std::string& who) {
  std::string problem = input_problem(x);
  if (!problem.empty()) throw std::invalid_argument(who + problem);
}

}  // namespace layerlab
