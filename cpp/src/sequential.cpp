#include "layerlab/sequential.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <stdexcept>

#include "layerlab/activations.hpp"
#include "layerlab/errors.hpp"
#include "layerlab/linear.hpp"
#include "layerlab/loss.hpp"

namespace layerlab {
namespace {

std::string position(std::size_t index) { return "layer " + std::to_string(index) + " "; }

// Whether `layer` holds `target` at any depth, through nested Sequentials.
bool holds(const Layer& layer, const Layer* target) {
  const auto* seq = dynamic_cast<const Sequential*>(&layer);
  if (!seq) return false;
  for (std::size_t i = 0; i < seq->size(); ++i) {
    const Layer* inner = (*seq)[i].get();
    if (inner == target || holds(*inner, target)) return true;
  }
  return false;
}

// Calls f on every layer in `seq`, nested networks and the layers in them included, until f
// returns true; returns whether it did.
template <class F>
bool for_each_layer(const Sequential& seq, F&& f) {
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const Layer* layer = seq[i].get();
    if (f(layer)) return true;
    const auto* inner = dynamic_cast<const Sequential*>(layer);
    if (inner && for_each_layer(*inner, f)) return true;
  }
  return false;
}

// Mean and population standard deviation, in double.
std::pair<double, double> spread(const Tensor& t) {
  if (t.size() == 0) return {0.0, 0.0};
  double sum = 0, sq = 0;
  for (float v : t) sum += v;
  const double mean = sum / static_cast<double>(t.size());
  for (float v : t) sq += (v - mean) * (v - mean);
  return {mean, std::sqrt(sq / static_cast<double>(t.size()))};
}

// Fraction of `y` in the flat part of a Tanh or Sigmoid (slope under 19 % of its peak); -1
// for any other layer.
double saturated_fraction(const Layer& layer, const Tensor& y) {
  const bool tanh = dynamic_cast<const Tanh*>(&layer) != nullptr;
  const bool sigmoid = dynamic_cast<const Sigmoid*>(&layer) != nullptr;
  if (!(tanh || sigmoid) || y.size() == 0) return -1;
  std::size_t flat = 0;
  for (float v : y) flat += tanh ? std::abs(v) > 0.9f : (v < 0.05f || v > 0.95f);
  return static_cast<double>(flat) / static_cast<double>(y.size());
}

// max over the batch rows of (max - min) over a row's values: (B, ...) read as (B, rest).
double unit_range(const Tensor& y) {
  if (y.dimension() == 0 || y.shape()[0] == 0) return 0;
  const std::size_t rows = y.shape()[0];
  const std::size_t cols = y.size() / rows;
  if (cols == 0) return 0;
  const float* p = y.data();
  double widest = 0;
  for (std::size_t r = 0; r < rows; ++r, p += cols) {
    const auto [lo, hi] = std::minmax_element(p, p + cols);
    widest = std::max(widest, static_cast<double>(*hi) - static_cast<double>(*lo));
  }
  return widest;
}

}  // namespace

Sequential::Sequential(std::vector<std::shared_ptr<Layer>> layers) {
  for (auto& layer : layers) add(std::move(layer));
}

void Sequential::add(std::shared_ptr<Layer> layer) { insert(layers_.size(), std::move(layer)); }

void Sequential::insert(std::size_t index, std::shared_ptr<Layer> layer) {
  if (!layer) throw std::invalid_argument("Sequential: cannot add a null layer");
  // Also through nesting: a cycle would make name(), summary() and forward() recurse forever.
  if (layer.get() == this || holds(*layer, this)) {
    throw std::invalid_argument("Sequential: cannot contain itself");
  }
  check_index(index, layers_.size() + 1, "insert");
  layers_.insert(layers_.begin() + static_cast<std::ptrdiff_t>(index), std::move(layer));
  edited();
}

void Sequential::remove(std::size_t index) {
  check_index(index, layers_.size(), "remove");
  layers_.erase(layers_.begin() + static_cast<std::ptrdiff_t>(index));
  edited();
}

void Sequential::move(std::size_t from, std::size_t to) {
  check_index(from, layers_.size(), "move from");
  check_index(to, layers_.size(), "move to");
  auto layer = std::move(layers_[from]);
  layers_.erase(layers_.begin() + static_cast<std::ptrdiff_t>(from));
  layers_.insert(layers_.begin() + static_cast<std::ptrdiff_t>(to), std::move(layer));
  edited();
}

void Sequential::clear() {
  layers_.clear();
  edited();
}

void Sequential::edited() {
  drop_train_pass();  // a backward must not run through a chain its forward did not see
  bump_structure_epoch();
}

const std::shared_ptr<Layer>& Sequential::at(std::size_t index) const {
  check_index(index, layers_.size(), "index");
  return layers_[index];
}

void Sequential::check_index(std::size_t index, std::size_t limit, const char* what) const {
  if (index >= limit) {
    throw std::out_of_range("Sequential: " + std::string(what) + " " + std::to_string(index) +
                            " is out of range for " + std::to_string(layers_.size()) +
                            " layers");
  }
}

std::string Sequential::name() const {
  std::string out = "Sequential(";
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    if (i) out += ", ";
    out += layers_[i]->name();
  }
  return out + ")";
}

std::vector<Tensor> Sequential::parameters() const {
  std::vector<Tensor> out;
  for (const auto& layer : layers_) {
    for (auto& p : layer->parameters()) out.push_back(std::move(p));
  }
  return out;
}

std::uint64_t Sequential::parameter_count() const {
  std::uint64_t n = 0;
  for (const auto& layer : layers_) n = add_sat(n, layer->parameter_count());
  return n;
}

std::uint64_t Sequential::multiply_adds(const Shape& input) const {
  std::uint64_t n = 0;
  Shape shape = input;
  for (const auto& layer : layers_) {
    n = add_sat(n, layer->multiply_adds(shape));
    shape = layer->output_shape(shape);
  }
  return n;
}

Summary Sequential::summary(const Shape& input) const {
  Summary s;
  s.input_shape = input;
  s.input_bytes = float_bytes(input);
  std::optional<Shape> shape = input;
  try {
    check_shape(input, "Sequential input");
  } catch (const std::invalid_argument& e) {
    s.error = e.what();
    shape.reset();
  }
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const Layer& layer = *layers_[i];
    LayerSummary row;
    row.index = i;
    row.name = layer.name();
    row.parameters = layer.parameter_count();
    row.parameter_bytes = mul_sat(row.parameters, sizeof(float));
    row.input_shape = shape;
    if (shape) {
      try {
        Shape out = layer.output_shape(*shape);
        row.multiply_adds = layer.multiply_adds(*shape);
        row.activation_bytes = float_bytes(out);
        row.output_shape = out;
      } catch (const std::invalid_argument& e) {  // ShapeError and size limits
        row.error = position(i) + e.what();
        if (s.error.empty()) s.error = row.error;
      }
    } else {
      row.error = "not computable: an earlier layer failed";
    }
    shape = row.output_shape;
    s.total_parameters = add_sat(s.total_parameters, row.parameters);
    s.total_parameter_bytes = add_sat(s.total_parameter_bytes, row.parameter_bytes);
    s.total_multiply_adds = add_sat(s.total_multiply_adds, row.multiply_adds);
    s.total_activation_bytes = add_sat(s.total_activation_bytes, row.activation_bytes);
    s.layers.push_back(std::move(row));
  }
  if (s.error.empty()) s.output_shape = shape;
  return s;
}

Shape Sequential::infer_shape(const Shape& input) const {
  Shape shape = input;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    try {
      shape = layers_[i]->output_shape(shape);
    } catch (const ShapeError& e) {
      throw ShapeError(position(i) + e.what());
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(position(i) + e.what());
    }
  }
  return shape;
}

Tensor Sequential::compute(const Tensor& x, bool training) {
  // forward() has checked the input values and the shapes of the whole chain, so the layers
  // run without re-checking. A Linear followed by ReLU runs as one fused pass because nobody
  // can observe the Linear's own output here.
  if (layers_.empty()) return x;
  Tensor h;
  const Tensor* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    auto* linear = dynamic_cast<Linear*>(layers_[i].get());
    if (linear && i + 1 < layers_.size() && dynamic_cast<ReLU*>(layers_[i + 1].get())) {
      h = linear->run(*in, true);
      linear->drop_train_pass();
      layers_[i + 1]->drop_train_pass();
      ++i;
    } else {
      h = layers_[i]->run_compute(*in, training);
    }
    in = &h;
  }
  return h;
}

// Training keeps state in each layer (its output, its input's address), so a layer object that
// stands twice in the network would have its first pass overwritten by its second. Checked
// without any storage (networks are small; a warm step must not allocate, and a scratch list
// would grow the heap the first time a bigger network trains).
void Sequential::check_each_layer_once() const {
  const Layer* twice = nullptr;
  for_each_layer(*this, [&](const Layer* a) {
    int seen = 0;
    for_each_layer(*this, [&](const Layer* b) { return (seen += a == b) > 1; });
    if (seen > 1) twice = a;
    return twice != nullptr;
  });
  if (twice) {
    throw std::invalid_argument("Sequential: " + twice->name() +
                                " appears more than once in the network; training needs each "
                                "layer once (add a new layer instead of the same one again)");
  }
}

const Tensor& Sequential::train_forward(const Tensor& x) {
  // Every layer keeps its output until its next training pass, so each one's input stays alive
  // for its backward without a copy.
  check_each_layer_once();
  pass_ids_.resize(layers_.size());  // allocates only when the network grows
  const Tensor* h = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    h = &layers_[i]->run_train_forward(*h);
    pass_ids_[i] = layers_[i]->train_pass_id_;
  }
  return *h;
}

const Tensor& Sequential::train_backward(const Tensor& dy, bool need_dx) {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const Layer& layer = *layers_[i];
    if (pass_ids_.size() != layers_.size() || layer.train_pass_id_ == 0 ||
        layer.train_pass_id_ != pass_ids_[i]) {
      throw std::invalid_argument(
          "Sequential: " + position(i) + layer.name() +
          " ran again (or was added) after this network's training forward; run forward(x, "
          "true) again before backward");
    }
  }
  const Tensor* g = &dy;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    g = &layers_[i]->run_train_backward(*g, need_dx || i > 0);
  }
  return need_dx ? *g : no_tensor();
}

void Sequential::zero_grad() {
  for (const auto& layer : layers_) layer->zero_grad();
}

void Sequential::collect_parameters(std::vector<ParameterRef>& out) {
  for (const auto& layer : layers_) layer->collect_parameters(out);
}

std::vector<Tensor> Sequential::forward_trace(const Tensor& x, bool training) {
  check_forward_input(x);
  std::vector<Tensor> outputs;
  outputs.reserve(layers_.size());
  const Tensor* h = &x;
  for (const auto& layer : layers_) {
    outputs.push_back(layer->run_compute(*h, training));  // the chain was checked above
    h = &outputs.back();
  }
  return outputs;
}

}  // namespace layerlab

namespace layerlab {

std::vector<BlockStats> Sequential::depth_stats(const Tensor& x, Loss& loss, const Tensor& t) {
  check_forward_input(x);
  std::vector<BlockStats> stats(layers_.size());
  check_each_layer_once();
  drop_train_pass();  // this pass is not one a later backward() may use
  const Tensor* h = &x;  // x outlives this call: no copy
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    h = &layers_[i]->run_train_forward(*h);
    std::tie(stats[i].output_mean, stats[i].output_std) = spread(*h);
    stats[i].saturated = saturated_fraction(*layers_[i], *h);
    stats[i].unit_range = unit_range(*h);
  }
  loss.forward(*h, t);
  zero_grad();
  const Tensor* g = &loss.backward();
  for (std::size_t i = layers_.size(); i-- > 0;) {
    stats[i].grad_std = spread(*g).second;
    g = &layers_[i]->run_train_backward(*g, i > 0);
  }
  zero_grad();
  for (const auto& layer : layers_) layer->drop_train_pass();
  return stats;
}

}  // namespace layerlab
