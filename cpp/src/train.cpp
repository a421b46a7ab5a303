#include "layerlab/train.hpp"

#include <stdexcept>

namespace layerlab::training {
namespace {

// The loss of y against t, validating both (NaN logits: diverged), with the correct count.
StepResult score(Loss& loss, const Tensor& y, const Tensor& t) {
  StepResult r{loss.forward(y, t), 0, 0};
  r.correct = loss.correct();
  r.predictions = loss.predictions();
  return r;
}

}  // namespace

StepResult step(Layer& net, Loss& loss, Optimizer& opt, const Tensor& x, const Tensor& t) {
  if (&opt.network() != &net) {
    throw std::invalid_argument("trainStep: the optimizer " + opt.name() +
                                " was made for another network");
  }
  StepResult r{};
  net.train_pass(x, [&](const Tensor& y) -> const Tensor& {
    r = score(loss, y, t);
    opt.zero_grad();
    return loss.backward();
  });
  opt.step();
  return r;
}

StepResult evaluate(Layer& net, Loss& loss, const Tensor& x, const Tensor& t) {
  const Tensor y = net.forward(x, false);
  return score(loss, y, t);
}

}  // namespace layerlab::training
