#pragma once
// Linear: y = x W + b, with W (I, O) and b (O,), applied over the last dimension of any
// input (I,), (B, I), (B, T, I), like torch.nn.Linear. Every leading dimension folds into the
// batch: backward computes dW = xᵀ·dy and db = Σ dy over all rows, and dx = dy·Wᵀ.
#include <cstdint>
#include <string>

#include <xtensor/xtensor.hpp>

#include "layerlab/gemm.hpp"
#include "layerlab/layer.hpp"
#include "layerlab/random.hpp"

namespace layerlab {

// Initialisation schemes. Biases start at zero in every scheme.
enum class Init {
  LeCunNormal,    // N(0, 1/I): the course's default, std = sqrt(1/in)
  XavierUniform,  // U(-a, a), a = sqrt(6/(I+O))  (Glorot)
  HeNormal,       // N(0, 2/I)                    (Kaiming, for ReLU)
  Zeros,
};
const char* to_string(Init init);

class Linear final : public Layer {
 public:
  // Sizes are signed so that a negative size gets a clear error instead of wrapping.
  // Initialises from global_rng().
  Linear(std::int64_t in_features, std::int64_t out_features, bool bias = true,
         Init init = Init::LeCunNormal);
  Linear(std::int64_t in_features, std::int64_t out_features, bool bias, Init init, Rng& rng);

  std::string name() const override;
  std::size_t in_features() const { return in_; }
  std::size_t out_features() const { return out_; }
  bool has_bias() const { return has_bias_; }
  Init init() const { return init_; }

  const xt::xtensor<float, 2>& weight() const { return weight_; }  // (I, O)
  const xt::xtensor<float, 1>& bias() const { return bias_; }      // (O,), or (0,) without bias

  // Replace the parameters; shapes must match exactly and values must be finite.
  void set_weight(const Tensor& w);  // (I, O)
  void set_bias(const Tensor& b);    // (O,)

  // Re-draw the parameters with a scheme (bias back to zero).
  void reset_parameters(Init init, Rng& rng);

  // Gradients accumulated since the last zero_grad(), as copies (zeros before any backward).
  xt::xtensor<float, 2> weight_grad() const;  // (I, O)
  xt::xtensor<float, 1> bias_grad() const;    // (O,), or (0,) without bias

  std::vector<Tensor> parameters() const override;
  std::uint64_t parameter_count() const override;
  void zero_grad() override;
  void collect_parameters(std::vector<ParameterRef>& out) override;
  void values_updated(const ParameterRef& p, std::size_t begin, std::size_t end) override;
  std::uint64_t multiply_adds(const Shape& input) const override;

  // forward followed by ReLU in one pass (bias and ReLU fused into the kernel).
  Tensor forward_relu(const Tensor& x);

  // The same product through the naive reference kernel, for tests and the benchmark.
  Tensor forward_reference(const Tensor& x, bool relu = false) const;

 private:
  friend class Sequential;  // runs the fused Linear+ReLU pass after checking the chain once

  Shape infer_shape(const Shape& input) const override;
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;
  Tensor run(const Tensor& x, bool relu) const;
  void allocate_grads();  // on first use: a network that never trains never pays for them
  void bound_grads(const Tensor& dy, std::size_t rows);  // dy (rows, O); updates grad_bound_

  std::size_t in_, out_;
  bool has_bias_;
  Init init_;
  xt::xtensor<float, 2> weight_;  // (I, O)
  xt::xtensor<float, 1> bias_;    // (O,) or (0,)
  PackedWeights packed_;          // weight_ in the fast kernel's layout; repacked on every change

  // Training state.
  const Tensor* x_ = nullptr;          // (..., I) input of the last training forward (not owned)
  Tensor y_;                           // (..., O) its output
  Tensor dx_;                          // (..., I) dL/dx of the last backward
  xt::xtensor<float, 2> weight_grad_;  // (I, O), allocated on first use
  xt::xtensor<float, 1> bias_grad_;    // (O,)
  bool grads_zero_ = true;             // logically zero: the next backward overwrites them
  // An upper bound on every |gradient value| since the last zero_grad (Inf: unknown).
  double grad_bound_ = 0.0;
};

}  // namespace layerlab
