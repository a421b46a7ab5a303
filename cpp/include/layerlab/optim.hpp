#pragma once
// Optimizers over a network's parameters(), with PyTorch 1.13's exact update formulas
// (torch/optim/sgd.py, adam.py, adamw.py; single-tensor path, no amsgrad, no maximize).
//
//   SGD:   g = grad + wd·p;  b = g (first step) or μ·b + (1-τ)·g;  g = g + μ·b (nesterov) or b;
//          p = p - lr·g
//   Adam:  g = grad + wd·p (coupled decay);  m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²;
//          p = p - (lr / (1-β1ᵗ)) · m / (√v / √(1-β2ᵗ) + eps)
//   AdamW: p = p·(1 - lr·wd) (decoupled decay), then Adam's step with g = grad
//
// The optimizer sees the network's parameters afresh at every step, so it never holds a
// pointer into a layer that an edit replaced; its state (momentum, moments) belongs to the
// parameters it first saw, and a network whose parameters changed since is an error.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "layerlab/layer.hpp"

namespace layerlab {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;  // "SGD(lr=0.1, momentum=0.9)"

  // One update of every parameter from its gradient. Throws, changing nothing, if a gradient
  // holds NaN or Inf or the network's parameters are not the ones this optimizer was made for;
  // throws after the update if it made a parameter non-finite (the learning rate is too large).
  void step();
  void zero_grad() { net_->zero_grad(); }

  const Layer& network() const { return *net_; }
  std::uint64_t steps() const { return steps_; }
  double lr() const { return lr_; }
  void set_lr(double lr);  // same checks as the constructor; unchanged on error

 protected:
  Optimizer(std::shared_ptr<Layer> net, double lr, const char* kind);

  // Called once per parameter and step, before its update: state set-up and per-step scalars.
  // steps_ is already the number of this step (1 for the first).
  virtual void prepare(std::size_t i, const ParameterRef& p) = 0;
  // Updates p.value[begin, end) with per-parameter state slot i. Returns the largest magnitude
  // written, as float bits (see magnitude_bits): the finiteness check rides on the update's
  // pass instead of reading every parameter once more.
  virtual std::uint32_t update(std::size_t i, const ParameterRef& p, std::size_t begin,
                               std::size_t end) = 0;

  // Checks shared by the options: finite and >= 0 (`upper` excluded when given).
  static double checked(const char* kind, const char* what, double v, double upper = -1.0);

  std::vector<ParameterRef> params_;  // refreshed by every step (storage reused)
  std::uint64_t steps_ = 0;
  double lr_;

 private:
  void check_layout() const;
  [[noreturn]] void parameter_error(std::size_t i, const std::string& problem) const;

  std::shared_ptr<Layer> net_;
  const char* kind_;
  // (owner, size) of each parameter at construction: the layout the state belongs to.
  std::vector<std::pair<const Layer*, std::size_t>> layout_;
};

struct SGDOptions {
  double lr = 0.01;
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
};

class SGD final : public Optimizer {
 public:
  SGD(std::shared_ptr<Layer> net, const SGDOptions& options);
  std::string name() const override;
  const SGDOptions& options() const { return options_; }

 private:
  void prepare(std::size_t i, const ParameterRef& p) override;
  std::uint32_t update(std::size_t i, const ParameterRef& p, std::size_t begin,
                       std::size_t end) override;

  SGDOptions options_;
  std::vector<std::vector<float>> momentum_;  // one buffer per parameter, from the first step
  bool first_ = false;  // the parameter being updated starts its momentum buffer at this step
};

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool decoupled = false;  // AdamW's decay: p·(1 - lr·wd) instead of adding wd·p to the grad
};

class Adam : public Optimizer {
 public:
  Adam(std::shared_ptr<Layer> net, const AdamOptions& options);
  std::string name() const override;
  const AdamOptions& options() const { return options_; }

 private:
  void prepare(std::size_t i, const ParameterRef& p) override;
  std::uint32_t update(std::size_t i, const ParameterRef& p, std::size_t begin,
                       std::size_t end) override;

  // This step's scalars, in float32 as the element-wise ops use them.
  struct StepScalars {
    float step_size, bias2_sqrt, b1, b2, one_b1, one_b2, eps, wd, shrink;
  };

  AdamOptions options_;
  std::vector<std::vector<float>> m_, v_;  // first and second moments per parameter
  StepScalars s_{};
};

// torch.optim.AdamW: Adam with decoupled weight decay (options.decoupled is forced on).
class AdamW final : public Adam {
 public:
  AdamW(std::shared_ptr<Layer> net, AdamOptions options)
      : Adam(std::move(net), (options.decoupled = true, options)) {}
};

}  // namespace layerlab
