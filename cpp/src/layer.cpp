#include "layerlab/layer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "layerlab/errors.hpp"

namespace layerlab {

namespace {
std::uint64_t epoch = 0;  // the core is single-threaded, like the WASM module
}  // namespace

std::uint64_t structure_epoch() { return epoch; }
void bump_structure_epoch() { ++epoch; }

Layer::Layer() { bump_structure_epoch(); }

const Tensor& no_tensor() {
  static const Tensor empty = Tensor::from_shape({0});
  return empty;
}

Shape Layer::output_shape(const Shape& input) const {
  if (std::string p = shape_problem(input); !p.empty()) throw std::invalid_argument(name() + " input" + p);
  Shape out = infer_shape(input);
  if (std::string p = shape_problem(out); !p.empty()) throw std::invalid_argument(name() + " output" + p);
  return out;
}

void Layer::check_forward_input(const Tensor& x) const {
  if (std::string p = input_problem(x); !p.empty()) throw std::invalid_argument(name() + p);
  output_shape(shape_of(x));  // shape errors before any work
}

namespace {

// The input train_pass last accepted: which layer, in which structure epoch, of which shape.
struct CheckedInput {
  const Layer* layer = nullptr;
  std::uint64_t epoch = 0;
  Tensor::shape_type shape;
};

}  // namespace

void Layer::check_pass_input(const Tensor& x) const {
  static CheckedInput checked;  // the core is single-threaded, like the WASM module
  const bool known = checked.layer == this && checked.epoch == structure_epoch() &&
                     std::equal(x.shape().begin(), x.shape().end(), checked.shape.begin(),
                                checked.shape.end());
  if (known) {
    if (!all_finite(x.data(), x.size())) check_forward_input(x);  // throws with the details
    return;
  }
  checked.layer = nullptr;
  check_forward_input(x);
  checked = {this, structure_epoch(), x.shape()};
}

void Layer::check_pass_gradient(const Tensor& dy) const {
  if (!std::equal(dy.shape().begin(), dy.shape().end(), train_out_shape_.begin(),
                  train_out_shape_.end())) {
    throw ShapeError(name() + " training pass expects a gradient of shape " +
                     to_string(train_out_shape_) + " (its output) but got " +
                     to_string(shape_of(dy)));
  }
}

Tensor Layer::forward(const Tensor& x, bool training) {
  check_forward_input(x);
  if (!training) return run_compute(x, false);
  // The caller's x may die before backward(): keep a copy (its storage is reused next time).
  input_copy_.resize(x.shape());
  std::copy(x.data(), x.data() + x.size(), input_copy_.data());
  Tensor y = run_train_forward(input_copy_);
  public_pass_ = true;
  return y;
}

Tensor Layer::backward(const Tensor& dy) {
  check_backward_input(dy);
  if (!all_finite(dy.data(), dy.size())) {
    throw std::invalid_argument(name() + " backward got a non-finite gradient value");
  }
  return run_train_backward(dy, true);
}

void Layer::check_backward_input(const Tensor& dy) const {
  if (train_pass_id_ == 0 || !public_pass_) {
    throw std::invalid_argument(name() +
                                " backward needs a forward pass in training mode first (the last "
                                "forward was in evaluation mode, or there was none)");
  }
  if (!std::equal(dy.shape().begin(), dy.shape().end(), train_out_shape_.begin(),
                  train_out_shape_.end())) {
    throw ShapeError(name() + " backward expects a gradient of shape " +
                     to_string(train_out_shape_) +
                     " (the output of its last training forward) but got " + to_string(shape_of(dy)));
  }
}

Tensor Layer::run_compute(const Tensor& x, bool training) {
  drop_train_pass();  // whatever a training pass kept no longer matches
  return compute(x, training);
}

const Tensor& Layer::run_train_forward(const Tensor& x) {
  static std::uint64_t passes = 0;  // the core is single-threaded, like the WASM module
  drop_train_pass();                // until the pass succeeds
  const Tensor& y = train_forward(x);
  train_out_shape_.assign(y.shape().begin(), y.shape().end());  // no allocation once warm
  train_pass_id_ = ++passes;
  return y;
}

const Tensor& Layer::run_train_backward(const Tensor& dy, bool need_dx) {
  return train_backward(dy, need_dx);
}

void Layer::shape_error(const std::string& expectation, const Shape& got) const {
  throw ShapeError(name() + " expects " + expectation + " but got " + to_string(got));
}

}  // namespace layerlab
