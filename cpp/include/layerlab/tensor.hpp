#pragma once
// Tensors are float32 xtensor arrays of rank 1 to 4, row-major.
#include <cstdint>
#include <cstring>
#include <limits>
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

// |v|'s bit pattern: Inf or NaN at or above kNonFiniteBits. A max over these vectorises
// (i32x4.max_u in WASM), unlike a loop of isfinite() calls.
inline std::uint32_t magnitude_bits(float v) {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits & 0x7fffffffu;
}
constexpr std::uint32_t kNonFiniteBits = 0x7f800000u;

// The largest |value| (Inf when any value is Inf or NaN; 0 for none); one vectorisable pass.
float max_magnitude(const float* data, std::size_t count);

// Whether every value is finite.
inline bool all_finite(const float* data, std::size_t count) {
  return max_magnitude(data, count) < std::numeric_limits<float>::infinity();
}

}  // namespace layerlab
