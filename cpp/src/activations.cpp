#include "layerlab/activations.hpp"

#include <algorithm>
#include <cmath>

namespace layerlab {
namespace {

template <class F>
Tensor map(const Tensor& x, F f) {
  Tensor y = Tensor::from_shape(x.shape());
  const float* in = x.data();
  float* out = y.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) out[i] = f(in[i]);
  return y;
}

}  // namespace

Tensor ReLU::compute(const Tensor& x, bool) {
  return map(x, [](float v) { return std::max(v, 0.0f); });
}

Tensor Sigmoid::compute(const Tensor& x, bool) {
  return map(x, [](float v) {
    if (v >= 0.0f) return 1.0f / (1.0f + std::exp(-v));
    const float e = std::exp(v);  // v < 0: e in (0, 1), no overflow
    return e / (1.0f + e);
  });
}

Tensor Tanh::compute(const Tensor& x, bool) {
  return map(x, [](float v) { return std::tanh(v); });
}

Tensor Softmax::compute(const Tensor& x, bool) {
  Tensor y = Tensor::from_shape(x.shape());
  const std::size_t cols = x.shape().back();
  const std::size_t rows = cols ? x.size() / cols : 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* in = x.data() + r * cols;
    float* out = y.data() + r * cols;
    const float peak = *std::max_element(in, in + cols);
    float sum = 0.0f;
    for (std::size_t c = 0; c < cols; ++c) sum += (out[c] = std::exp(in[c] - peak));
    const float inv = 1.0f / sum;  // sum >= 1: the peak contributes exp(0)
    for (std::size_t c = 0; c < cols; ++c) out[c] *= inv;
  }
  return y;
}

Shape Flatten::infer_shape(const Shape& input) const {
  if (input.size() < 2) shape_error("at least 2 dimensions (batch, features...)", input);
  std::size_t features = 1;
  for (std::size_t i = 1; i < input.size(); ++i) features *= input[i];  // bounded by check_shape
  return {input[0], features};
}

Tensor Flatten::compute(const Tensor& x, bool) {
  const Shape out = infer_shape(shape_of(x));
  Tensor y = Tensor::from_shape(out);
  std::copy(x.data(), x.data() + x.size(), y.data());
  return y;
}

}  // namespace layerlab
