#pragma once
// Losses (the course's next module), reduced by the mean as PyTorch's defaults do:
// CrossEntropyLoss over the batch, MSELoss and BCEWithLogitsLoss over every element.
// forward() computes the loss and, fused with it, dL/dinput, which backward() hands out.
#include <cstdint>
#include <string>

#include "layerlab/tensor.hpp"

namespace layerlab {

class Loss {
 public:
  virtual ~Loss() = default;
  virtual std::string name() const = 0;  // "CrossEntropyLoss()"

  // The mean loss of `input` against `target`. Validates both first (shapes, finite values,
  // class indices or probabilities): a bad target is an error naming the loss and the index.
  float forward(const Tensor& input, const Tensor& target);

  // dL/dinput of the last forward, the input's shape. Throws if there was no forward.
  const Tensor& backward() const;

  // How many predictions of the last forward match their targets (arg-max = class for
  // CrossEntropyLoss, (logit > 0) = (target ≥ 0.5) for BCEWithLogitsLoss); -1 for MSELoss,
  // which has no notion of a correct prediction.
  std::int64_t correct() const { return correct_; }
  // How many predictions correct() counts over (rows or elements).
  std::size_t predictions() const { return predictions_; }

 protected:
  Loss() = default;

  Tensor grad_;  // dL/dinput, the input's shape
  std::int64_t correct_ = -1;
  std::size_t predictions_ = 0;

 private:
  // Throws unless (input, target) is valid for this loss; builds strings only on error.
  virtual void check(const Tensor& input, const Tensor& target) const = 0;
  // Loss value, with grad_, correct_ and predictions_ filled in. Inputs are valid.
  virtual float compute(const Tensor& input, const Tensor& target) = 0;

  bool has_forward_ = false;
};

// Softmax + negative log-likelihood in one stable pass (log-sum-exp shifted by the row maximum,
// so logits of ±1000 are fine). input (B, C) logits, target (B,) class indices as floats.
class CrossEntropyLoss final : public Loss {
 public:
  std::string name() const override { return "CrossEntropyLoss()"; }

 private:
  void check(const Tensor& input, const Tensor& target) const override;
  float compute(const Tensor& input, const Tensor& target) override;
};

// mean((input - target)²) over all elements; target has the input's shape.
class MSELoss final : public Loss {
 public:
  std::string name() const override { return "MSELoss()"; }

 private:
  void check(const Tensor& input, const Tensor& target) const override;
  float compute(const Tensor& input, const Tensor& target) override;
};

// Sigmoid + binary cross-entropy in one stable expression:
// max(z, 0) - z·t + log(1 + exp(-|z|)). input logits, target probabilities in [0, 1], same shape.
class BCEWithLogitsLoss final : public Loss {
 public:
  std::string name() const override { return "BCEWithLogitsLoss()"; }

 private:
  void check(const Tensor& input, const Tensor& target) const override;
  float compute(const Tensor& input, const Tensor& target) override;
};

}  // namespace layerlab
