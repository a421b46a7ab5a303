#pragma once
// Shapes: a list of dimensions, printed the way Python prints a tuple: (32, 784), (256,).
#include <cstdint>
#include <string>
#include <vector>

namespace layerlab {

using Shape = std::vector<std::size_t>;

std::string to_string(const Shape& shape);

// Product of the dimensions, saturating at UINT64_MAX instead of wrapping.
std::uint64_t element_count(const Shape& shape);

// Bytes of a float32 tensor of this shape, saturating like element_count.
std::uint64_t float_bytes(const Shape& shape);

// Throws std::invalid_argument naming `what` if the shape has rank 0 or above kMaxRank,
// or if a float32 tensor of that shape would exceed kMaxTensorBytes. An empty shape (a 0
// dimension) is held to the same limit with its 0 dimensions counted as 1, so that its strides
// and Flatten's feature count cannot overflow.
void check_shape(const Shape& shape, const std::string& what);

// The same checks without throwing: "" when the shape is fine, else the rest of a message that
// follows the name of what was checked (" must have rank 1 to 4 but got ..."). Lets hot paths
// build the name only when something is wrong.
std::string shape_problem(const Shape& shape);

// Saturating arithmetic for counts that may come from absurd sizes.
std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b);
std::uint64_t add_sat(std::uint64_t a, std::uint64_t b);

}  // namespace layerlab
