#pragma once
// The one interface every block shares (micrograd-style: forward, backward, parameters, a
// readable name). Public calls validate, then hand over to the private virtuals, so every layer
// reports bad input the same way and no layer can forget a check.
//
// Two paths run a layer:
// - evaluation (and the page's traces): compute(x, training) returns a fresh tensor;
// - training: train_forward(x) keeps what backward needs and writes its output into storage the
//   layer owns, and train_backward(dy) writes dL/dx there too, so a warm training step
//   allocates nothing. Any evaluation pass through a layer drops what its last training pass
//   kept, so a backward always matches the forward that preceded it.
#include <cstdint>
#include <string>
#include <vector>

#include "layerlab/shape.hpp"
#include "layerlab/tensor.hpp"

namespace layerlab {

class Layer;

// A learnable tensor seen by an optimizer: its values and gradient, updated in place.
struct ParameterRef {
  float* value;       // (size,)
  const float* grad;  // (size,), dL/dvalue accumulated since the last zero_grad
  std::size_t size;
  Layer* owner;       // told which rows changed after each part of an update
  const char* role;   // "weight" or "bias", for messages
  // Elements per row (a weight (I, O) has O). An optimizer updates whole rows at a time, so the
  // owner can mirror them (Linear repacks) while they are still in cache.
  std::size_t row = 1;
  // The owner proved every gradient value finite (a bound on their size), so the optimizer
  // need not read them all to check.
  bool grad_finite = false;
};

class Layer {
 public:
  virtual ~Layer() = default;

  // Readable name in PyTorch's style: "Linear(784, 256)", "ReLU()", "Dropout(p=0.5)".
  virtual std::string name() const = 0;

  // Output shape for an input shape, without running the layer. Throws ShapeError naming
  // the layer and both shapes, or std::invalid_argument for a rank or size beyond the limits.
  Shape output_shape(const Shape& input) const;

  // y = layer(x). Validates x (rank 1..4, finite values) and its shape first. In training mode
  // it also keeps what backward() needs (a copy of x, Dropout's mask, the activations).
  Tensor forward(const Tensor& x, bool training = false);

  // dL/dx for dL/dy of the last training forward. Accumulates dL/dparameter into the layer's
  // gradients (as PyTorch does: call zero_grad() between steps). Throws if the last forward was
  // not in training mode, or if dy's shape is not that forward's output shape.
  Tensor backward(const Tensor& dy);

  // One training pass for a caller that runs the whole step (train.hpp): x is checked as
  // forward() checks it, y = layer(x) in training mode goes to grad_of, and the dL/dy it returns
  // (y's shape) runs backward at once, accumulating the parameters' gradients. Unlike
  // forward(x, true) then backward(dy) it copies nothing and computes no dL/dx for x, and once
  // warm (same layer, same input shape, no layer made since) it allocates nothing. backward()
  // refuses afterwards: the pass read x, which may be gone by then.
  template <class GradOf>
  void train_pass(const Tensor& x, GradOf&& grad_of) {
    check_pass_input(x);
    const Tensor& y = run_train_forward(x);  // x lives through the call: no copy
    const Tensor& dy = grad_of(y);
    check_pass_gradient(dy);
    run_train_backward(dy, false);
  }

  // Learnable tensors in PyTorch order (weight, then bias), as copies.
  virtual std::vector<Tensor> parameters() const { return {}; }
  virtual std::uint64_t parameter_count() const { return 0; }

  // Gradients start (and restart) at zero.
  virtual void zero_grad() {}
  // Appends this layer's parameters with their gradients, for an optimizer.
  virtual void collect_parameters(std::vector<ParameterRef>& out) { (void)out; }
  // An optimizer changed p.value[begin, end) in place, whole rows of p (Linear repacks them).
  virtual void values_updated(const ParameterRef& p, std::size_t begin, std::size_t end) {
    (void)p, (void)begin, (void)end;
  }

  // Multiply-adds of one forward pass on `input` (torchinfo's convention: bias adds and
  // element-wise activations count zero). The shape must be valid for this layer.
  virtual std::uint64_t multiply_adds(const Shape& input) const {
    (void)input;
    return 0;
  }

 protected:
  Layer();
  Layer(const Layer&) = default;
  Layer& operator=(const Layer&) = default;

  // Message prefix for shape errors: the layer's name.
  [[noreturn]] void shape_error(const std::string& expectation, const Shape& got) const;

  // What forward() checks before computing: x's rank and values, then the output shape. The
  // layer's name is built only for a message, so a valid forward pass builds no strings.
  void check_forward_input(const Tensor& x) const;

 private:
  // Sequential validates the whole chain once, then runs its layers without re-checking.
  friend class Sequential;

  virtual Shape infer_shape(const Shape& input) const = 0;
  virtual Tensor compute(const Tensor& x, bool training) = 0;
  // x stays alive and unchanged until the matching train_backward (the callers guarantee it).
  // The result lives in the layer until its next training pass.
  virtual const Tensor& train_forward(const Tensor& x) = 0;
  // dy (the shape of the last train_forward's output) -> dL/dx in layer-owned storage, or an
  // empty tensor when !need_dx (the first layer of a network needs no input gradient).
  virtual const Tensor& train_backward(const Tensor& dy, bool need_dx) = 0;

  // The unchecked entry points Sequential and train_pass use; they keep the bookkeeping that
  // backward() checks against.
  Tensor run_compute(const Tensor& x, bool training);
  const Tensor& run_train_forward(const Tensor& x);
  const Tensor& run_train_backward(const Tensor& dy, bool need_dx);
  // Throws unless dy can go through backward: a training forward came first, same shape.
  void check_backward_input(const Tensor& dy) const;
  // train_pass's checks: check_forward_input, skipped (but for the values) when this layer
  // already accepted an input of x's shape and no layer was made nor Sequential edited since,
  // as checking the chain builds shapes and strings; then dy's shape against the pass's output.
  void check_pass_input(const Tensor& x) const;
  void check_pass_gradient(const Tensor& dy) const;
  void drop_train_pass() {
    train_pass_id_ = 0;
    public_pass_ = false;
  }

  // Which training pass the layer's kept state belongs to (unique across all layers; 0: none).
  std::uint64_t train_pass_id_ = 0;
  // Whether that pass came through forward(x, true), whose input the layer owns. A pass run by a
  // Sequential reads its input from the previous layer, so only that network may run backward.
  bool public_pass_ = false;
  Shape train_out_shape_;        // output shape of that pass
  Tensor input_copy_;            // forward(x, true) from outside keeps x here
};

// An empty tensor, returned by train_backward when no input gradient was asked for.
const Tensor& no_tensor();

// Counts layer constructions and Sequential edits, so a caller can tell that a network it
// checked for an input shape is still the same chain (a new layer may reuse an old address).
std::uint64_t structure_epoch();
void bump_structure_epoch();

}  // namespace layerlab
