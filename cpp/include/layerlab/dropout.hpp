#pragma once
// Dropout with inverted scaling: in training each element survives with probability 1-p and
// survivors are multiplied by exactly 1/(1-p), so the expected output equals the input.
// In evaluation it is the identity. Backward multiplies by the same mask and scale, so dropped
// elements pass no gradient (all of them at p = 1).
#include "layerlab/layer.hpp"
#include "layerlab/random.hpp"

namespace layerlab {

class Dropout final : public Layer {
 public:
  explicit Dropout(double p = 0.5);  // p in [0, 1]; NaN and anything outside throw

  std::string name() const override;  // "Dropout(p=0.5)"
  double p() const { return p_; }
  void set_p(double p);  // same checks; on error p stays as it was
  float scale() const;   // 1/(1-p) as applied to survivors (0 when p = 1)

  // The mask of the last forward pass: 1 kept, 0 dropped, the input's shape.
  // All ones after an evaluation pass or p = 0; all zeros after a training pass at p = 1.
  const Tensor& last_mask() const { return mask_; }

 private:
  Shape infer_shape(const Shape& input) const override { return input; }
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;
  // Draws the mask into mask_ and writes x ⊙ mask · scale into y (training mode).
  void drop(const Tensor& x, Tensor& y);

  double p_;
  Tensor mask_;  // same shape as the last input; drawn from global_rng()
  Tensor y_;     // the last training output
  Tensor dx_;    // dL/dx of the last backward
};

}  // namespace layerlab
