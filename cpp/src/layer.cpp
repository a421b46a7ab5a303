#include "layerlab/layer.hpp"

#include <stdexcept>

#include "layerlab/errors.hpp"

namespace layerlab {

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

Tensor Layer::forward(const Tensor& x, bool training) {
  check_forward_input(x);
  return compute(x, training);
}

void Layer::shape_error(const std::string& expectation, const Shape& got) const {
  throw ShapeError(name() + " expects " + expectation + " but got " + to_string(got));
}

}  // namespace layerlab
