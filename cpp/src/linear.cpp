#include "layerlab/linear.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "layerlab/errors.hpp"

namespace layerlab {
namespace {

std::size_t checked_size(std::int64_t value, const char* what) {
  if (value <= 0) {
    throw std::invalid_argument(std::string("Linear: ") + what + " must be at least 1 but got " +
                                std::to_string(value));
  }
  // WebAssembly's size_t has 32 bits: a larger size would wrap (2^32 would become 0).
  if (static_cast<std::uint64_t>(value) > std::numeric_limits<std::size_t>::max()) {
    throw std::invalid_argument(std::string("Linear: ") + what + " must be at most " +
                                std::to_string(std::numeric_limits<std::size_t>::max()) +
                                " but got " + std::to_string(value));
  }
  return static_cast<std::size_t>(value);
}

// Checks the parameter budget before anything is allocated.
void check_parameter_bytes(std::size_t in, std::size_t out, bool bias) {
  const std::uint64_t count = add_sat(mul_sat(in, out), bias ? out : 0);
  const std::uint64_t bytes = mul_sat(count, sizeof(float));
  if (bytes > kMaxTensorBytes) {
    throw std::invalid_argument("Linear(" + std::to_string(in) + ", " + std::to_string(out) +
                                ") would need " + std::to_string(bytes) +
                                " bytes of parameters, over the 2 GiB limit");
  }
}

void check_finite(const Tensor& t, const std::string& what) {
  for (float v : t) {
    if (!std::isfinite(v)) throw std::invalid_argument(what + " must hold finite values only");
  }
}

}  // namespace

const char* to_string(Init init) {
  switch (init) {
    case Init::LeCunNormal: return "lecun_normal";
    case Init::XavierUniform: return "xavier_uniform";
    case Init::HeNormal: return "he_normal";
    case Init::Zeros: return "zeros";
  }
  return "unknown";
}

Linear::Linear(std::int64_t in_features, std::int64_t out_features, bool bias, Init init)
    : Linear(in_features, out_features, bias, init, global_rng()) {}

Linear::Linear(std::int64_t in_features, std::int64_t out_features, bool bias, Init init, Rng& rng)
    : in_(checked_size(in_features, "in_features")),
      out_(checked_size(out_features, "out_features")),
      has_bias_(bias),
      init_(init) {
  check_parameter_bytes(in_, out_, has_bias_);
  reset_parameters(init, rng);
}

std::string Linear::name() const {
  return "Linear(" + std::to_string(in_) + ", " + std::to_string(out_) +
         (has_bias_ ? ")" : ", bias=False)");
}

void Linear::reset_parameters(Init init, Rng& rng) {
  xt::xtensor<float, 2> w = xt::xtensor<float, 2>::from_shape({in_, out_});  // (I, O)
  const double in = static_cast<double>(in_), out = static_cast<double>(out_);
  float* v = w.data();  // raw pointer loops: xtensor's iterators cost more than the sampler
  const std::size_t n = w.size();
  switch (init) {
    case Init::LeCunNormal:
    case Init::HeNormal: {
      const double stddev = std::sqrt((init == Init::HeNormal ? 2.0 : 1.0) / in);
      for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(rng.normal() * stddev);
      break;
    }
    case Init::XavierUniform: {
      const double a = std::sqrt(6.0 / (in + out));
      for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>((2.0 * rng.uniform() - 1.0) * a);
      break;
    }
    case Init::Zeros: std::fill(v, v + n, 0.0f); break;
  }
  xt::xtensor<float, 1> b = xt::zeros<float>({has_bias_ ? out_ : std::size_t{0}});  // (O,)
  packed_.pack(w.data(), in_, out_);
  weight_ = std::move(w);
  bias_ = std::move(b);
  init_ = init;
}

void Linear::set_weight(const Tensor& w) {
  const Shape want{in_, out_};
  if (shape_of(w) != want) {
    throw ShapeError(name() + " weight must have shape " + to_string(want) + " but got " +
                     to_string(shape_of(w)));
  }
  check_finite(w, name() + " weight");
  xt::xtensor<float, 2> copy = xt::xtensor<float, 2>::from_shape({in_, out_});
  std::copy(w.begin(), w.end(), copy.begin());
  packed_.pack(copy.data(), in_, out_);
  weight_ = std::move(copy);
}

void Linear::set_bias(const Tensor& b) {
  if (!has_bias_) throw std::invalid_argument(name() + " has no bias to set");
  const Shape want{out_};
  if (shape_of(b) != want) {
    throw ShapeError(name() + " bias must have shape " + to_string(want) + " but got " +
                     to_string(shape_of(b)));
  }
  check_finite(b, name() + " bias");
  std::copy(b.begin(), b.end(), bias_.begin());
}

std::vector<Tensor> Linear::parameters() const {
  std::vector<Tensor> params{Tensor(weight_)};
  if (has_bias_) params.emplace_back(bias_);
  return params;
}

std::uint64_t Linear::parameter_count() const {
  return in_ * out_ + (has_bias_ ? out_ : 0);  // bounded by the 2 GiB check in the constructor
}

std::uint64_t Linear::multiply_adds(const Shape& input) const {
  // One multiply-add per weight per row of the input (torchinfo: bias adds are not counted).
  return mul_sat(element_count(input) / in_, mul_sat(in_, out_));
}

Shape Linear::infer_shape(const Shape& input) const {
  if (input.back() != in_) {
    shape_error("last dimension " + std::to_string(in_), input);
  }
  Shape out = input;
  out.back() = out_;
  return out;
}

Tensor Linear::compute(const Tensor& x, bool /*training*/) { return run(x, false); }

const Tensor& Linear::train_forward(const Tensor& x) {
  x_ = &x;
  Tensor::shape_type out_shape = x.shape();  // at most 4 dimensions: no heap allocation
  out_shape.back() = out_;
  y_.resize(out_shape);
  gemm_packed(x.data(), packed_, has_bias_ ? bias_.data() : nullptr, y_.data(), x.size() / in_,
              false);
  return y_;
}

const Tensor& Linear::train_backward(const Tensor& dy, bool need_dx) {
  const std::size_t rows = dy.size() / out_;  // every leading dimension folds into the batch
  allocate_grads();
  bound_grads(dy, rows);
  gemm_tn(x_->data(), dy.data(), weight_grad_.data(), rows, in_, out_, !grads_zero_);  // dW (I, O)
  if (has_bias_) {
    float* db = bias_grad_.data();  // (O,): Σ over rows of dy
    if (grads_zero_) std::fill(db, db + out_, 0.0f);
    const float* d = dy.data();
    for (std::size_t r = 0; r < rows; ++r, d += out_) {
      for (std::size_t o = 0; o < out_; ++o) db[o] += d[o];
    }
  }
  grads_zero_ = false;
  if (!need_dx) return no_tensor();
  dx_.resize(x_->shape());
  gemm_nt(dy.data(), weight_.data(), dx_.data(), rows, out_, in_);  // dx (rows, I) = dy · Wᵀ
  return dx_;
}

void Linear::bound_grads(const Tensor& dy, std::size_t rows) {
  // Each dW entry sums `rows` products x·dy and each db entry `rows` values of dy, so both stay
  // within rows·max|dy|·max(1, max|x|). When x and dy are small next to W, reading them proves
  // the gradients finite for less than the optimizer's pass over dW would cost.
  const double previous = grads_zero_ ? 0.0 : grad_bound_;
  if (rows * (in_ + out_) >= in_ * out_) {
    grad_bound_ = std::numeric_limits<double>::infinity();  // cheaper to check dW itself
    return;
  }
  const double bx = max_magnitude(x_->data(), x_->size());
  const double bdy = max_magnitude(dy.data(), dy.size());
  grad_bound_ = previous + static_cast<double>(rows) * bdy * std::max(1.0, bx);
}

void Linear::allocate_grads() {
  if (weight_grad_.size() != weight_.size()) {
    weight_grad_ = xt::xtensor<float, 2>::from_shape({in_, out_});
    bias_grad_ = xt::xtensor<float, 1>::from_shape({has_bias_ ? out_ : std::size_t{0}});
    grads_zero_ = true;
  }
}

void Linear::zero_grad() { grads_zero_ = true; }

xt::xtensor<float, 2> Linear::weight_grad() const {
  if (grads_zero_) return xt::zeros<float>({in_, out_});
  return weight_grad_;
}

xt::xtensor<float, 1> Linear::bias_grad() const {
  if (grads_zero_) return xt::zeros<float>({has_bias_ ? out_ : std::size_t{0}});
  return bias_grad_;
}

void Linear::collect_parameters(std::vector<ParameterRef>& out) {
  allocate_grads();
  if (grads_zero_) {  // a step without a backward sees zero gradients
    weight_grad_.fill(0.0f);
    bias_grad_.fill(0.0f);
    grads_zero_ = false;
    grad_bound_ = 0.0;
  }
  // Far below FLT_MAX (3.4e38), so float rounding over any sum length cannot cross it.
  const bool finite = grad_bound_ < 1e37;
  out.push_back(
      {weight_.data(), weight_grad_.data(), weight_.size(), this, "weight", out_, finite});
  if (has_bias_) {
    out.push_back({bias_.data(), bias_grad_.data(), bias_.size(), this, "bias", 1, finite});
  }
}

void Linear::values_updated(const ParameterRef& p, std::size_t begin, std::size_t end) {
  if (p.value == weight_.data()) packed_.pack_rows(weight_.data(), begin / out_, end / out_);
}

Tensor Linear::forward_relu(const Tensor& x) {
  check_forward_input(x);
  return run(x, true);
}

Tensor Linear::run(const Tensor& x, bool relu) const {
  Shape out_shape = shape_of(x);
  out_shape.back() = out_;
  Tensor y = Tensor::from_shape(out_shape);
  const std::size_t rows = x.size() / in_;  // every leading dimension folds into the batch
  gemm_packed(x.data(), packed_, has_bias_ ? bias_.data() : nullptr, y.data(), rows, relu);
  return y;
}

Tensor Linear::forward_reference(const Tensor& x, bool relu) const {
  check_forward_input(x);
  Tensor y = Tensor::from_shape(output_shape(shape_of(x)));
  gemm_reference(x.data(), weight_.data(), has_bias_ ? bias_.data() : nullptr, y.data(),
                 x.size() / in_, in_, out_, relu);
  return y;
}

}  // namespace layerlab
