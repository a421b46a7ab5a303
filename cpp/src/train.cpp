#include "layerlab/train.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>


namespace layerlab {
namespace {

// The input check of forward(), skipped (but for the values) when the same network already
// accepted an input of this shape and no layer was made nor Sequential edited since: checking
// the chain builds shapes and strings, and a warm step must not allocate.
struct CheckedInput {
  const Layer* net = nullptr;
  std::uint64_t epoch = 0;
  Tensor::shape_type shape;
};

}  // namespace

StepResult Trainer::step(Layer& net, Loss& loss, Optimizer& opt, const Tensor& x, const Tensor& t) {
  if (&opt.network() != &net) {
    throw std::invalid_argument("trainStep: the optimizer " + opt.name() +
                                " was made for another network");
  }
  static CheckedInput checked;
  const bool known = checked.net == &net && checked.epoch == structure_epoch() &&
                     std::equal(x.shape().begin(), x.shape().end(), checked.shape.begin(),
                                checked.shape.end());
  if (known) {
    if (!all_finite(x.data(), x.size())) net.check_forward_input(x);  // throws with the details
  } else {
    checked.net = nullptr;
    net.check_forward_input(x);
    checked = {&net, structure_epoch(), x.shape()};
  }
  const Tensor& y = net.run_train_forward(x);  // x outlives the step: no copy
  StepResult r{loss.forward(y, t), 0, 0};  // validates t and y (NaN logits: diverged)
  r.correct = loss.correct();
  r.predictions = loss.predictions();
  opt.zero_grad();
  net.run_train_backward(loss.backward(), false);
  opt.step();
  // The pass read the caller's x, which may be gone by now: no public backward through it.
  return r;
}

StepResult Trainer::evaluate(Layer& net, Loss& loss, const Tensor& x, const Tensor& t) {
  const Tensor y = net.forward(x, false);
  StepResult r{loss.forward(y, t), 0, 0};
  r.correct = loss.correct();
  r.predictions = loss.predictions();
  return r;
}

}  // namespace layerlab
