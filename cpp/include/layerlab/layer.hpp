#pragma once
// The one interface every block shares (micrograd-style: forward, parameters, a readable name).
// Public calls validate, then hand over to the private virtuals, so every layer reports bad
// input the same way and no layer can forget a check.
#include <cstdint>
#include <string>
#include <vector>

#include "layerlab/shape.hpp"
#include "layerlab/tensor.hpp"

namespace layerlab {

class Layer {
 public:
  virtual ~Layer() = default;

  // Readable name in PyTorch's style: "Linear(784, 256)", "ReLU()", "Dropout(p=0.5)".
  virtual std::string name() const = 0;

  // Output shape for an input shape, without running the layer. Throws ShapeError naming
  // the layer and both shapes, or std::invalid_argument for a rank or size beyond the limits.
  Shape output_shape(const Shape& input) const;

  // y = layer(x). Validates x (rank 1..4, finite values) and its shape first.
  Tensor forward(const Tensor& x, bool training = false);

  // Learnable tensors in PyTorch order (weight, then bias), as copies.
  virtual std::vector<Tensor> parameters() const { return {}; }
  virtual std::uint64_t parameter_count() const { return 0; }

  // Multiply-adds of one forward pass on `input` (torchinfo's convention: bias adds and
  // element-wise activations count zero). The shape must be valid for this layer.
  virtual std::uint64_t multiply_adds(const Shape& input) const {
    (void)input;
    return 0;
  }

 protected:
  Layer() = default;
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
};

}  // namespace layerlab
