#pragma once
// Small helpers shared by the core tests.
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "layerlab/layerlab.hpp"

namespace layerlab::test {

// Runs f and returns the message of the exception of type E it throws; fails if none.
template <class E = std::exception>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return "";
}

inline Tensor filled(const Shape& shape, float value) {
  Tensor t = zeros(shape);
  t.fill(value);
  return t;
}

// Values drawn from a seeded normal, for inputs.
inline Tensor random_tensor(const Shape& shape, std::uint64_t seed) {
  Rng rng(seed);
  Tensor t = zeros(shape);
  for (float& v : t) v = static_cast<float>(rng.normal());
  return t;
}

}  // namespace layerlab::test
