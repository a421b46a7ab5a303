#include "layerlab/dropout.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace layerlab {
namespace {

double checked_p(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", p);
    if (std::isnan(p)) std::snprintf(buf, sizeof buf, "NaN");  // as JavaScript spells it
    throw std::invalid_argument(std::string("Dropout: p must be in [0, 1] but got ") + buf);
  }
  return p;
}

Tensor filled(const Tensor& like, float value) {
  Tensor t = Tensor::from_shape(like.shape());
  t.fill(value);
  return t;
}

}  // namespace

Dropout::Dropout(double p) : p_(checked_p(p)) {}

void Dropout::set_p(double p) { p_ = checked_p(p); }

std::string Dropout::name() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "Dropout(p=%g)", p_);
  return buf;
}

float Dropout::scale() const {
  // In double, then rounded once: 1/(1-p) as exactly as float32 can hold it (p = 0.8 gives 5).
  return p_ >= 1.0 ? 0.0f : static_cast<float>(1.0 / (1.0 - p_));
}

Tensor Dropout::compute(const Tensor& x, bool training) {
  if (!training || p_ == 0.0) {
    mask_ = filled(x, 1.0f);
    return x;
  }
  Tensor y;
  drop(x, y);
  return y;
}

const Tensor& Dropout::train_forward(const Tensor& x) {
  drop(x, y_);
  return y_;
}

void Dropout::drop(const Tensor& x, Tensor& y) {
  mask_.resize(x.shape());
  y.resize(x.shape());
  const float* in = x.data();
  float* m = mask_.data();
  float* out = y.data();
  const std::size_t n = x.size();
  if (p_ == 0.0 || p_ == 1.0) {  // no draws: identity, or nothing survives
    const bool keep = p_ == 0.0;
    std::fill(m, m + n, keep ? 1.0f : 0.0f);
    if (keep) std::copy(in, in + n, out);
    else std::fill(out, out + n, 0.0f);
    return;
  }
  Rng& rng = global_rng();
  const float s = scale();
  for (std::size_t i = 0; i < n; ++i) {
    const bool keep = rng.uniform() >= p_;  // P(keep) = 1 - p
    m[i] = keep ? 1.0f : 0.0f;
    out[i] = keep ? in[i] * s : 0.0f;
  }
}

const Tensor& Dropout::train_backward(const Tensor& dy, bool need_dx) {
  if (!need_dx) return no_tensor();
  dx_.resize(dy.shape());
  const float s = scale();  // 0 at p = 1: no gradient reaches the input
  const float* m = mask_.data();
  const float* d = dy.data();
  float* out = dx_.data();
  for (std::size_t i = 0, n = dy.size(); i < n; ++i) out[i] = m[i] != 0.0f ? d[i] * s : 0.0f;
  return dx_;
}

}  // namespace layerlab
