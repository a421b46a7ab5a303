#pragma once
// Parameter-free blocks: element-wise activations, Softmax over the last axis, Flatten.
#include "layerlab/layer.hpp"

namespace layerlab {

class ReLU final : public Layer {
 public:
  std::string name() const override { return "ReLU()"; }

 private:
  Shape infer_shape(const Shape& input) const override { return input; }
  Tensor compute(const Tensor& x, bool training) override;
};

// Stable for any finite input: never evaluates exp of a positive number.
class Sigmoid final : public Layer {
 public:
  std::string name() const override { return "Sigmoid()"; }

 private:
  Shape infer_shape(const Shape& input) const override { return input; }
  Tensor compute(const Tensor& x, bool training) override;
};

class Tanh final : public Layer {
 public:
  std::string name() const override { return "Tanh()"; }

 private:
  Shape infer_shape(const Shape& input) const override { return input; }
  Tensor compute(const Tensor& x, bool training) override;
};

// Softmax over the last dimension, shifted by the row maximum so it never overflows.
class Softmax final : public Layer {
 public:
  std::string name() const override { return "Softmax(dim=-1)"; }

 private:
  Shape infer_shape(const Shape& input) const override { return input; }
  Tensor compute(const Tensor& x, bool training) override;
};

// Keeps the first (batch) dimension and flattens the rest: (B, 28, 28) -> (B, 784).
class Flatten final : public Layer {
 public:
  std::string name() const override { return "Flatten()"; }

 private:
  Shape infer_shape(const Shape& input) const override;
  Tensor compute(const Tensor& x, bool training) override;
};

}  // namespace layerlab
