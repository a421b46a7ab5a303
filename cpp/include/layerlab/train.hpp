#pragma once
// One training step, the loop body of every PyTorch tutorial, as one call:
//   opt.zero_grad(); loss = loss_fn(net(x), t); loss.backward(); opt.step()
// with net in training mode (Dropout active). It runs without copies: the layers keep their
// activations, and the first layer computes no input gradient. Once warm (same shapes as the
// previous step) it allocates nothing. Free functions: they need only the public interfaces of
// Layer (train_pass), Loss and Optimizer.
#include <cstdint>

#include "layerlab/layer.hpp"
#include "layerlab/loss.hpp"
#include "layerlab/optim.hpp"

namespace layerlab {

struct StepResult {
  float loss;             // mean loss of the batch, before the update
  std::int64_t correct;   // predictions that matched (Loss::correct), -1 when it does not apply
  std::size_t predictions;
};

namespace training {

// Throws, changing nothing, on bad x or t (the messages of forward() and the loss), on a
// non-finite loss (training diverged), and when opt was made for another network.
StepResult step(Layer& net, Loss& loss, Optimizer& opt, const Tensor& x, const Tensor& t);

// Loss and correct count in evaluation mode (Dropout off), no gradients: the test-set view.
StepResult evaluate(Layer& net, Loss& loss, const Tensor& x, const Tensor& t);

}  // namespace training
}  // namespace layerlab
