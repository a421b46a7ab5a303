#include "layerlab/activations.hpp"

#include <algorithm>
#include <cmath>

namespace layerlab {
namespace {

// y = f(x) element-wise into y (resized to x's shape; no allocation when the shape repeats).
template <class F>
void map_into(const Tensor& x, Tensor& y, F f) {
  y.resize(x.shape());
  const float* in = x.data();
  float* out = y.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) out[i] = f(in[i]);
}

template <class F>
Tensor map(const Tensor& x, F f) {
  Tensor y;
  map_into(x, y, f);
  return y;
}

// dx = dy ⊙ g(y) element-wise, for derivatives written in terms of the output y.
template <class G>
const Tensor& backward_from_output(const Tensor& y, const Tensor& dy, Tensor& dx, bool need_dx, G g) {
  if (!need_dx) return no_tensor();
  dx.resize(dy.shape());
  const float* yv = y.data();
  const float* d = dy.data();
  float* out = dx.data();
  for (std::size_t i = 0, n = dy.size(); i < n; ++i) out[i] = d[i] * g(yv[i]);
  return dx;
}

float relu(float v) { return std::max(v, 0.0f); }

float sigmoid(float v) {
  if (v >= 0.0f) return 1.0f / (1.0f + std::exp(-v));
  const float e = std::exp(v);  // v < 0: e in (0, 1), no overflow
  return e / (1.0f + e);
}

float tanh_f(float v) { return std::tanh(v); }

void softmax_into(const Tensor& x, Tensor& y) {
  y.resize(x.shape());
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
}

}  // namespace

Tensor ReLU::compute(const Tensor& x, bool) { return map(x, relu); }
const Tensor& ReLU::train_forward(const Tensor& x) {
  map_into(x, y_, relu);
  return y_;
}
const Tensor& ReLU::train_backward(const Tensor& dy, bool need_dx) {
  // PyTorch's convention at 0: the gradient is 0 (y > 0 is false there).
  return backward_from_output(y_, dy, dx_, need_dx, [](float y) { return y > 0.0f ? 1.0f : 0.0f; });
}

Tensor Sigmoid::compute(const Tensor& x, bool) { return map(x, sigmoid); }
const Tensor& Sigmoid::train_forward(const Tensor& x) {
  map_into(x, y_, sigmoid);
  return y_;
}
const Tensor& Sigmoid::train_backward(const Tensor& dy, bool need_dx) {
  return backward_from_output(y_, dy, dx_, need_dx, [](float y) { return y * (1.0f - y); });
}

Tensor Tanh::compute(const Tensor& x, bool) { return map(x, tanh_f); }
const Tensor& Tanh::train_forward(const Tensor& x) {
  map_into(x, y_, tanh_f);
  return y_;
}
const Tensor& Tanh::train_backward(const Tensor& dy, bool need_dx) {
  return backward_from_output(y_, dy, dx_, need_dx, [](float y) { return 1.0f - y * y; });
}

Tensor Softmax::compute(const Tensor& x, bool) {
  Tensor y;
  softmax_into(x, y);
  return y;
}
const Tensor& Softmax::train_forward(const Tensor& x) {
  softmax_into(x, y_);
  return y_;
}
const Tensor& Softmax::train_backward(const Tensor& dy, bool need_dx) {
  if (!need_dx) return no_tensor();
  dx_.resize(dy.shape());
  const std::size_t cols = dy.shape().back();
  const std::size_t rows = cols ? dy.size() / cols : 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* y = y_.data() + r * cols;
    const float* d = dy.data() + r * cols;
    float* out = dx_.data() + r * cols;
    float dot = 0.0f;  // <dy, y>: the Jacobian diag(y) - y yᵀ applied to dy
    for (std::size_t c = 0; c < cols; ++c) dot += d[c] * y[c];
    for (std::size_t c = 0; c < cols; ++c) out[c] = y[c] * (d[c] - dot);
  }
  return dx_;
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

const Tensor& Flatten::train_forward(const Tensor& x) {
  input_shape_ = x.shape();
  Tensor::shape_type out = {x.shape()[0], 1};
  for (std::size_t i = 1; i < x.dimension(); ++i) out[1] *= x.shape()[i];  // empty batches too
  y_.resize(out);
  std::copy(x.data(), x.data() + x.size(), y_.data());
  return y_;
}

const Tensor& Flatten::train_backward(const Tensor& dy, bool need_dx) {
  if (!need_dx) return no_tensor();
  dx_.resize(input_shape_);
  std::copy(dy.data(), dy.data() + dy.size(), dx_.data());
  return dx_;
}

}  // namespace layerlab
