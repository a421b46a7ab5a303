#include "layerlab/optim.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace layerlab {
namespace {

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// "lr=0.1, momentum=0.9" style, the way PyTorch's repr shows non-default options.
void append(std::string& out, const char* key, double v) {
  out += out.empty() ? "" : ", ";
  out += key;
  out += "=" + number(v);
}

// Floats updated per part: a part's rows are still in L1/L2 when their owner mirrors them
// (Linear repacks), instead of a second trip through memory for the whole parameter.
constexpr std::size_t kPartFloats = 8192;

}  // namespace

Optimizer::Optimizer(std::shared_ptr<Layer> net, double lr, const char* kind)
    : lr_(checked(kind, "lr", lr)), net_(std::move(net)), kind_(kind) {
  if (!net_) throw std::invalid_argument(std::string(kind) + ": needs a network");
  net_->collect_parameters(params_);
  layout_.reserve(params_.size());
  for (const auto& p : params_) layout_.emplace_back(p.owner, p.size);
}

double Optimizer::checked(const char* kind, const char* what, double v, double upper) {
  // float32 is what the update runs in: a value it cannot hold would turn every weight into
  // Inf or NaN at the first step.
  const bool ok = std::isfinite(v) && v >= 0.0 && v <= std::numeric_limits<float>::max() &&
                  (upper < 0.0 || v < upper);
  if (!ok) {
    std::string range = upper < 0.0 ? "a finite number >= 0" : "in [0, " + number(upper) + ")";
    throw std::invalid_argument(std::string(kind) + ": " + what + " must be " + range +
                                " but got " + number(v));
  }
  return v;
}

void Optimizer::set_lr(double lr) { lr_ = checked(kind_, "lr", lr); }

void Optimizer::parameter_error(std::size_t i, const std::string& problem) const {
  const ParameterRef& p = params_[i];
  throw std::invalid_argument(std::string(kind_) + ": parameter " + std::to_string(i) + " (" +
                              p.owner->name() + " " + p.role + ") " + problem);
}

void Optimizer::check_layout() const {
  bool same = params_.size() == layout_.size();
  for (std::size_t i = 0; same && i < params_.size(); ++i) {
    same = params_[i].owner == layout_[i].first && params_[i].size == layout_[i].second;
  }
  if (!same) {
    throw std::invalid_argument(std::string(kind_) + ": the network's parameters changed since "
                                "this optimizer was made (" + std::to_string(layout_.size()) +
                                " then, " + std::to_string(params_.size()) +
                                " now); make a new optimizer for the edited network");
  }
}

void Optimizer::step() {
  params_.clear();  // keeps its capacity: no allocation once warm
  net_->collect_parameters(params_);
  check_layout();
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i].grad_finite && !all_finite(params_[i].grad, params_[i].size)) {
      parameter_error(i, "has a non-finite gradient; step skipped, parameters unchanged");
    }
  }
  ++steps_;
  std::size_t overflowed = params_.size();
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const ParameterRef& p = params_[i];
    prepare(i, p);
    const std::size_t row = std::max<std::size_t>(p.row, 1);
    const std::size_t part = std::max<std::size_t>(kPartFloats / row, 1) * row;  // whole rows
    std::uint32_t largest = 0;
    for (std::size_t begin = 0; begin < p.size; begin += part) {
      const std::size_t end = std::min(p.size, begin + part);
      largest = std::max(largest, update(i, p, begin, end));
      p.owner->values_updated(p, begin, end);
    }
    if (largest >= kNonFiniteBits && overflowed == params_.size()) overflowed = i;
  }
  if (overflowed < params_.size()) {
    parameter_error(overflowed, "became non-finite at step " + std::to_string(steps_) +
                                    ": the learning rate is too large for this network");
  }
}

// --- SGD ---------------------------------------------------------------------------------------

SGD::SGD(std::shared_ptr<Layer> net, const SGDOptions& options)
    : Optimizer(std::move(net), options.lr, "SGD"), options_(options) {
  checked("SGD", "momentum", options.momentum);
  checked("SGD", "dampening", options.dampening);
  checked("SGD", "weight_decay", options.weight_decay);
  if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0)) {
    throw std::invalid_argument("SGD: nesterov needs a momentum > 0 and zero dampening");
  }
  momentum_.resize(params_.size());
}

std::string SGD::name() const {
  std::string args;
  append(args, "lr", lr_);
  if (options_.momentum != 0.0) append(args, "momentum", options_.momentum);
  if (options_.dampening != 0.0) append(args, "dampening", options_.dampening);
  if (options_.weight_decay != 0.0) append(args, "weight_decay", options_.weight_decay);
  if (options_.nesterov) args += ", nesterov=True";
  return "SGD(" + args + ")";
}

void SGD::prepare(std::size_t i, const ParameterRef& p) {
  first_ = momentum_[i].empty();
  if (options_.momentum != 0.0 && first_) momentum_[i].resize(p.size);  // torch.clone(d_p)
}

std::uint32_t SGD::update(std::size_t i, const ParameterRef& p, std::size_t begin,
                          std::size_t end) {
  const auto lr = static_cast<float>(lr_);
  const auto wd = static_cast<float>(options_.weight_decay);
  const auto mu = static_cast<float>(options_.momentum);
  const auto keep = static_cast<float>(1.0 - options_.dampening);
  float* w = p.value;
  const float* g = p.grad;
  std::uint32_t largest = 0;
  if (mu == 0.0f) {
    for (std::size_t j = begin; j < end; ++j) {
      w[j] = w[j] + -lr * (g[j] + wd * w[j]);
      largest = std::max(largest, magnitude_bits(w[j]));
    }
    return largest;
  }
  float* b = momentum_[i].data();
  for (std::size_t j = begin; j < end; ++j) {
    const float d = wd != 0.0f ? g[j] + wd * w[j] : g[j];
    b[j] = first_ ? d : b[j] * mu + keep * d;
    const float step = options_.nesterov ? d + mu * b[j] : b[j];
    w[j] = w[j] + -lr * step;
    largest = std::max(largest, magnitude_bits(w[j]));
  }
  return largest;
}

// --- Adam / AdamW ------------------------------------------------------------------------------

Adam::Adam(std::shared_ptr<Layer> net, const AdamOptions& options)
    : Optimizer(std::move(net), options.lr, options.decoupled ? "AdamW" : "Adam"),
      options_(options) {
  const char* kind = options.decoupled ? "AdamW" : "Adam";
  checked(kind, "beta1", options.beta1, 1.0);
  checked(kind, "beta2", options.beta2, 1.0);
  checked(kind, "eps", options.eps);
  checked(kind, "weight_decay", options.weight_decay);
  m_.resize(params_.size());
  v_.resize(params_.size());
}

std::string Adam::name() const {
  std::string args;
  append(args, "lr", lr_);
  args += ", betas=(" + number(options_.beta1) + ", " + number(options_.beta2) + ")";
  append(args, "eps", options_.eps);
  append(args, "weight_decay", options_.weight_decay);
  return std::string(options_.decoupled ? "AdamW(" : "Adam(") + args + ")";
}

void Adam::prepare(std::size_t i, const ParameterRef& p) {
  if (m_[i].empty()) {  // zeros at the first step
    m_[i].assign(p.size, 0.0f);
    v_[i].assign(p.size, 0.0f);
  }
  // Per-step scalars in double as PyTorch computes them in Python, used as float32 in the
  // element-wise ops.
  const double t = static_cast<double>(steps_);
  const double bias1 = 1.0 - std::pow(options_.beta1, t);
  const double bias2 = 1.0 - std::pow(options_.beta2, t);
  s_ = {static_cast<float>(lr_ / bias1),
        static_cast<float>(std::sqrt(bias2)),
        static_cast<float>(options_.beta1),
        static_cast<float>(options_.beta2),
        static_cast<float>(1.0 - options_.beta1),
        static_cast<float>(1.0 - options_.beta2),
        static_cast<float>(options_.eps),
        static_cast<float>(options_.weight_decay),
        static_cast<float>(1.0 - lr_ * options_.weight_decay)};
}

std::uint32_t Adam::update(std::size_t i, const ParameterRef& p, std::size_t begin,
                           std::size_t end) {
  const StepScalars s = s_;
  float* w = p.value;
  const float* g = p.grad;
  float* m = m_[i].data();
  float* v = v_[i].data();
  std::uint32_t largest = 0;
  for (std::size_t j = begin; j < end; ++j) {
    float grad = g[j];
    if (options_.decoupled) {
      w[j] = w[j] * s.shrink;
    } else if (s.wd != 0.0f) {
      grad = grad + s.wd * w[j];
    }
    m[j] = m[j] * s.b1 + s.one_b1 * grad;
    v[j] = v[j] * s.b2 + s.one_b2 * (grad * grad);
    const float denom = std::sqrt(v[j]) / s.bias2_sqrt + s.eps;
    w[j] = w[j] + -s.step_size * (m[j] / denom);
    largest = std::max(largest, magnitude_bits(w[j]));
  }
  return largest;
}

}  // namespace layerlab
