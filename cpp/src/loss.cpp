#include "layerlab/loss.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "layerlab/errors.hpp"

namespace layerlab {
namespace {

std::string number(double v) {
  if (std::isnan(v)) return "NaN";  // as JavaScript spells it
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool same_shape(const Tensor& a, const Tensor& b) {
  return std::equal(a.shape().begin(), a.shape().end(), b.shape().begin(), b.shape().end());
}

// Shapes, emptiness and finite inputs: the checks every loss shares. The loss's name is built
// only for a message: a valid step allocates nothing.
void check_common(const Loss& loss, const Tensor& input, const Tensor& target, bool shapes_ok,
                  const char* expected) {
  if (!shapes_ok) {
    throw ShapeError(loss.name() + " expects " + expected + " but got input " +
                     to_string(shape_of(input)) + " and target " + to_string(shape_of(target)));
  }
  if (input.size() == 0) {
    throw std::invalid_argument(loss.name() + " needs at least one value but got input " +
                                to_string(shape_of(input)));
  }
  if (!all_finite(input.data(), input.size())) {
    throw std::invalid_argument(loss.name() + input_problem(input) +
                                " (training diverged? lower the learning rate)");
  }
}

float sigmoid(float z) {
  if (z >= 0.0f) return 1.0f / (1.0f + std::exp(-z));
  const float e = std::exp(z);
  return e / (1.0f + e);
}

}  // namespace

float Loss::forward(const Tensor& input, const Tensor& target) {
  check(input, target);
  has_forward_ = false;
  const float loss = compute(input, target);
  has_forward_ = true;
  return loss;
}

const Tensor& Loss::backward() const {
  if (!has_forward_) throw std::invalid_argument(name() + " backward needs a forward first");
  return grad_;
}

// --- CrossEntropyLoss --------------------------------------------------------------------------

void CrossEntropyLoss::check(const Tensor& input, const Tensor& target) const {
  const bool ok = input.dimension() == 2 && target.dimension() == 1 &&
                  target.shape()[0] == input.shape()[0] && input.shape()[1] > 0;
  check_common(*this, input, target, ok, "input (B, C) logits and target (B,) class indices");
  const std::size_t classes = input.shape()[1];
  const float* t = target.data();
  for (std::size_t i = 0, n = target.size(); i < n; ++i) {
    const float v = t[i];
    if (!(v >= 0.0f && v < static_cast<float>(classes) && v == std::floor(v))) {
      throw std::invalid_argument(name() + ": target " + number(v) + " at index " +
                                  std::to_string(i) + " is not a class index in [0, " +
                                  std::to_string(classes) + ")");
    }
  }
}

float CrossEntropyLoss::compute(const Tensor& input, const Tensor& target) {
  const std::size_t rows = input.shape()[0], cols = input.shape()[1];  // (B, C)
  grad_.resize(input.shape());
  const float inv_rows = 1.0f / static_cast<float>(rows);
  double total = 0.0;
  std::int64_t hits = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* z = input.data() + r * cols;
    float* g = grad_.data() + r * cols;
    const auto label = static_cast<std::size_t>(target.data()[r]);
    const std::size_t top = static_cast<std::size_t>(std::max_element(z, z + cols) - z);
    const float peak = z[top];
    float sum = 0.0f;
    for (std::size_t c = 0; c < cols; ++c) sum += (g[c] = std::exp(z[c] - peak));
    // loss = logsumexp(z) - z[label], with logsumexp = peak + log(sum), sum in [1, C]
    total += static_cast<double>(peak - z[label]) + std::log(static_cast<double>(sum));
    const float scale = inv_rows / sum;  // softmax / B
    for (std::size_t c = 0; c < cols; ++c) g[c] *= scale;
    g[label] -= inv_rows;
    hits += top == label;
  }
  correct_ = hits;
  predictions_ = rows;
  return static_cast<float>(total / static_cast<double>(rows));
}

// --- MSELoss -----------------------------------------------------------------------------------

void MSELoss::check(const Tensor& input, const Tensor& target) const {
  check_common(*this, input, target, same_shape(input, target), "input and target of one shape");
  if (!all_finite(target.data(), target.size())) {
    const float* t = target.data();
    std::size_t i = 0;
    while (std::isfinite(t[i])) ++i;
    throw std::invalid_argument(name() + ": target " + number(t[i]) + " at flat index " +
                                std::to_string(i) + " is not a finite number");
  }
}

float MSELoss::compute(const Tensor& input, const Tensor& target) {
  const std::size_t n = input.size();
  grad_.resize(input.shape());
  const float k = 2.0f / static_cast<float>(n);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const float d = input.data()[i] - target.data()[i];
    total += static_cast<double>(d) * d;
    grad_.data()[i] = k * d;
  }
  correct_ = -1;
  predictions_ = n;
  return static_cast<float>(total / static_cast<double>(n));
}

// --- BCEWithLogitsLoss -------------------------------------------------------------------------

void BCEWithLogitsLoss::check(const Tensor& input, const Tensor& target) const {
  check_common(*this, input, target, same_shape(input, target),
               "input logits and target probabilities of one shape");
  const float* t = target.data();
  for (std::size_t i = 0, n = target.size(); i < n; ++i) {
    if (!(t[i] >= 0.0f && t[i] <= 1.0f)) {
      throw std::invalid_argument(name() + ": target " + number(t[i]) + " at index " +
                                  std::to_string(i) + " is not a probability in [0, 1]");
    }
  }
}

float BCEWithLogitsLoss::compute(const Tensor& input, const Tensor& target) {
  const std::size_t n = input.size();
  grad_.resize(input.shape());
  const float inv_n = 1.0f / static_cast<float>(n);
  double total = 0.0;
  std::int64_t hits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float z = input.data()[i], t = target.data()[i];
    total += static_cast<double>(std::max(z, 0.0f) - z * t + std::log1p(std::exp(-std::fabs(z))));
    grad_.data()[i] = (sigmoid(z) - t) * inv_n;
    hits += (z > 0.0f) == (t >= 0.5f);
  }
  correct_ = hits;
  predictions_ = n;
  return static_cast<float>(total / static_cast<double>(n));
}

}  // namespace layerlab
