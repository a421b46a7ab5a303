#include "layerlab/layer.hpp"

#include "layerlab/errors.hpp"

namespace layerlab {

Shape Layer::output_shape(const Shape& input) const {
  check_shape(input, name() + " input");
  Shape out = infer_shape(input);
  check_shape(out, name() + " output");
  return out;
}

Tensor Layer::forward(const Tensor& x, bool training) {
  check_input(x, name());
  output_shape(shape_of(x));  // shape errors before any work
  return compute(x, training);
}

void Layer::shape_error(const std::string& expectation, const Shape& got) const {
  throw ShapeError(name() + " expects " + expectation + " but got " + to_string(got));
}

}  // namespace layerlab
