#pragma once
// A torchinfo-style table of a network for one input shape, computed without running it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "layerlab/shape.hpp"

namespace layerlab {

struct LayerSummary {
  std::size_t index = 0;
  std::string name;
  std::optional<Shape> input_shape;   // empty when an earlier layer failed
  std::optional<Shape> output_shape;  // empty when this layer or an earlier one failed
  std::uint64_t parameters = 0;       // known even when shapes are not
  std::uint64_t multiply_adds = 0;    // 0 when not computable
  std::uint64_t parameter_bytes = 0;  // float32
  std::uint64_t activation_bytes = 0; // of this layer's output, float32; 0 when not computable
  std::string error;                  // empty when fine
};

struct Summary {
  Shape input_shape;
  std::optional<Shape> output_shape;  // empty if any layer failed
  std::vector<LayerSummary> layers;
  std::uint64_t total_parameters = 0;
  std::uint64_t total_multiply_adds = 0;
  std::uint64_t total_parameter_bytes = 0;
  std::uint64_t total_activation_bytes = 0;  // sum of every layer's output
  std::uint64_t input_bytes = 0;
  std::string error;  // the first layer error, empty when the whole network is computable

  bool ok() const { return error.empty(); }
};

}  // namespace layerlab
