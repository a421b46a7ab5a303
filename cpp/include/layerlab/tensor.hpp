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

}  // namespace layerlab
