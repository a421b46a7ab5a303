#include <cmath>
#include <limits>

#include "test_util.hpp"

namespace layerlab {
namespace {

TEST(Tensor, ZerosHasTheShapeAndNoGarbage) {
  const Tensor t = zeros({3, 4});
  EXPECT_EQ(shape_of(t), (Shape{3, 4}));
  for (float v : t) EXPECT_EQ(v, 0.0f);
}

TEST(Tensor, FromDataCopiesRowMajor) {
  const float data[] = {1, 2, 3, 4, 5, 6};
  const Tensor t = from_data(data, 6, {2, 3});
  EXPECT_EQ(t(0, 2), 3.0f);
  EXPECT_EQ(t(1, 0), 4.0f);
}

TEST(Tensor, FromDataChecksTheCount) {
  const float data[] = {1, 2, 3};
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { from_data(data, 3, {2, 2}); }),
            "tensor of shape (2, 2) needs 4 values but got 3");
}

TEST(Tensor, CheckInputRejectsNanAndInfWithThePosition) {
  Tensor t = zeros({2, 2});
  EXPECT_NO_THROW(check_input(t, "ReLU()"));
  t(1, 0) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { check_input(t, "ReLU()"); }),
            "ReLU() got a non-finite input value (NaN) at flat index 2 of (2, 2)");
  t(1, 0) = -std::numeric_limits<float>::infinity();
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { check_input(t, "ReLU()"); }),
            "ReLU() got a non-finite input value (Inf) at flat index 2 of (2, 2)");
}

}  // namespace
}  // namespace layerlab
