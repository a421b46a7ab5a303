#pragma once
// Tensors are float32 xtensor arrays of rank 1 to 4, row-major.
#include <xtensor/xarray.hpp>

#include "layerlab/shape.hpp"

namespace layerlab {

using Tensor = xt::xarray<float>;

Shape shape_of(const Tensor& t);

// A zero-filled tensor; check_shape first, so absurd shapes throw instead of allocating.
Tensor zeros(const Shape& shape, const std::string& what = "tensor");

// A tensor holding a copy of `count` floats; count must equal the shape's element count.
Tensor from_data(const float* data, std::size_t count, const Shape& shape);

// Throws std::invalid_argument naming `who` unless x has rank 1..4 and only finite values.
void check_input(const Tensor& x, const std::string& who);

// The same checks without throwing: "" when x is a fine input, else the rest of a message that
// follows the layer's name (" input must have rank ...", " got a non-finite input value ...").
std::string input_problem(const Tensor& x);

// Whether every value is finite; one vectorisable pass over the bits.
bool all_finite(const float* data, std::size_t count);

}  // namespace layerlab
