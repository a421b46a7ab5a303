#include "layerlab/tensor.hpp"

#include <cmath>
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

void check_input(const Tensor& x, const std::string& who) {
  const Shape shape = shape_of(x);
  check_shape(shape, who + " input");
  const float* p = x.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) {
    if (!std::isfinite(p[i])) {
      throw std::invalid_argument(who + " got a non-finite input value (" +
                                  std::string(std::isnan(p[i]) ? "NaN" : "Inf") +
                                  ") at flat index " + std::to_string(i) + " of " +
                                  to_string(shape));
    }
  }
}

}  // namespace layerlab
