#pragma once
// Sequential: an ordered list of layers, itself a layer. Layers are shared, so a caller (the
// WASM bindings, a test) may keep a handle to a layer it added.
#include <memory>
#include <vector>

#include "layerlab/layer.hpp"
#include "layerlab/summary.hpp"

namespace layerlab {

class Loss;

// The spread of one block's output and of the loss gradient at it, for the depth lab: with a
// bad initialisation these shrink or grow geometrically with depth (Glorot & Bengio, 2010).
struct BlockStats {
  double output_mean = 0, output_std = 0;  // of the block's output over the batch
  double grad_std = 0;                     // of dL/d(output)
  // Tanh and Sigmoid blocks only (-1 for any other): the fraction of outputs where the
  // activation's slope is under 19 % of its peak (|tanh| > 0.9; sigmoid < 0.05 or > 0.95),
  // so almost no gradient passes back through them.
  double saturated = -1;
  // The largest gap between two units of one example: max over rows of (max - min) over the
  // row's features. 0 means every unit computes the same value (no symmetry was broken).
  double unit_range = 0;
};

class Sequential final : public Layer {
 public:
  Sequential() = default;
  explicit Sequential(std::vector<std::shared_ptr<Layer>> layers);

  // Edits. Indices are 0-based like torch.nn.Sequential; a bad index throws std::out_of_range
  // and leaves the list unchanged. A null layer or the network itself is refused.
  void add(std::shared_ptr<Layer> layer);
  void insert(std::size_t index, std::shared_ptr<Layer> layer);  // index may equal size()
  void remove(std::size_t index);
  void move(std::size_t from, std::size_t to);  // the layer ends up at index `to`
  void clear();

  const std::shared_ptr<Layer>& at(std::size_t index) const;
  const std::shared_ptr<Layer>& operator[](std::size_t index) const { return at(index); }
  std::size_t size() const { return layers_.size(); }

  std::string name() const override;  // "Sequential(Linear(784, 256), ReLU(), ...)"
  std::vector<Tensor> parameters() const override;
  std::uint64_t parameter_count() const override;
  void zero_grad() override;
  void collect_parameters(std::vector<ParameterRef>& out) override;
  std::uint64_t multiply_adds(const Shape& input) const override;

  // Per-layer shapes, counts and bytes for an input shape; never throws for shape errors:
  // the first failing layer carries the message and later layers are "not computable".
  Summary summary(const Shape& input) const;

  // Every layer's output in order (no fusion, so each block's activations can be shown).
  std::vector<Tensor> forward_trace(const Tensor& x, bool training);

  // One forward (training mode) and backward pass of `loss` on (x, t), returning each block's
  // BlockStats. Parameters do not change; gradients are left zeroed.
  std::vector<BlockStats> depth_stats(const Tensor& x, Loss& loss, const Tensor& t);

 private:
  Shape infer_shape(const Shape& input) const override;
  Tensor compute(const Tensor& x, bool training) override;
  const Tensor& train_forward(const Tensor& x) override;
  const Tensor& train_backward(const Tensor& dy, bool need_dx) override;
  void check_index(std::size_t index, std::size_t limit, const char* what) const;
  void check_each_layer_once() const;
  void edited();

  std::vector<std::shared_ptr<Layer>> layers_;
  // Which training pass of each layer belongs to this network's last training forward: a layer
  // shared with another network, or run again on its own, must not feed this backward.
  std::vector<std::uint64_t> pass_ids_;

};

}  // namespace layerlab
