#pragma once
// Error types and the documented size limits of the core.
#include <cstdint>
#include <stdexcept>

namespace layerlab {

// A layer cannot take an input of this shape (wrong last dimension, wrong rank, ...).
// The message names the layer and both shapes.
class ShapeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Largest tensor (parameters or one activation) the core will allocate, in bytes.
// 2 GiB is the ceiling of a 32-bit WASM heap, so native and WASM accept the same networks.
inline constexpr std::uint64_t kMaxTensorBytes = std::uint64_t{2} << 30;

// Tensors of rank 1 to 4 only: (I,), (B, I), (B, T, I), (B, C, H, W).
inline constexpr std::size_t kMaxRank = 4;

}  // namespace layerlab
