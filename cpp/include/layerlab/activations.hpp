#pragma once
// Parameter-free blocks: element-wise activations, Softmax over the last axis, Flatten.
// Each keeps its last training output (y) and writes dL/dx into its own buffer, because every
// one of these derivatives is cheapest from y: ReLU' = [y > 0], σ' = y(1 - y), tanh' = 1 - y².
#include "layerlab/layer.hpp"

namespace layerlab {

// Storage shared by the parameter-free layers' training passes.
class ActivationLayer : public Layer {
 protected:
  Tensor y_;   // the last training output, the input's shape
  Tensor dx_;  // dL/dx of the last backward, the input's shape

 private:
  Shape infer_shape(const Shape& input) const override { return input; }
};

class ReLU final : public ActivationLayer {
 public:
  std::string name() const override { return "ReLU()"; }

 private:
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;
};

// Stable for any finite input: never evaluates exp of a positive number.
class Sigmoid final : public ActivationLayer {
 public:
  std::string name() const override { return "Sigmoid()"; }

 private:
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;
};

class Tanh final : public ActivationLayer {
 public:
  std::string name() const override { return "Tanh()"; }

 private:
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;
};

// Softmax over the last dimension, shifted by the row maximum so it never overflows.
// Backward is the full Jacobian-vector product per row: dx = y ⊙ (dy - <dy, y>).
class Softmax final : public ActivationLayer {
 public:
  std::string name() const override { return "Softmax(dim=-1)"; }

 private:
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;
};

// Keeps the first (batch) dimension and flattens the rest: (B, 28, 28) -> (B, 784).
class Flatten final : public Layer {
 public:
  std::string name() const override { return "Flatten()"; }

 private:
  Shape infer_shape(const Shape& input) const override;
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;

  Tensor y_;                              // (B, features)
  Tensor dx_;                             // the input's shape
  Tensor::shape_type input_shape_;        // of the last training forward
};

}  // namespace layerlab
