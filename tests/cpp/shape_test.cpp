#include "test_util.hpp"

namespace layerlab {
namespace {

TEST(Shape, PrintsLikeAPythonTuple) {
  EXPECT_EQ(to_string(Shape{32, 784}), "(32, 784)");
  EXPECT_EQ(to_string(Shape{256}), "(256,)");
  EXPECT_EQ(to_string(Shape{}), "()");
  EXPECT_EQ(to_string(Shape{2, 3, 4, 5}), "(2, 3, 4, 5)");
}

TEST(Shape, CountsElementsAndBytes) {
  EXPECT_EQ(element_count(Shape{32, 784}), 25088u);
  EXPECT_EQ(element_count(Shape{0, 784}), 0u);
  EXPECT_EQ(float_bytes(Shape{32, 256}), 32768u);
}

TEST(Shape, SaturatesInsteadOfWrapping) {
  const std::size_t huge = std::size_t{1} << 40;
  EXPECT_EQ(element_count(Shape{huge, huge, huge}), UINT64_MAX);
  EXPECT_EQ(mul_sat(UINT64_MAX, 2), UINT64_MAX);
  EXPECT_EQ(add_sat(UINT64_MAX, 1), UINT64_MAX);
}

TEST(Shape, RejectsRankZeroAndAboveFour) {
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { check_shape({}, "input"); }),
            "input must have rank 1 to 4 but got rank 0 ()");
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { check_shape({1, 2, 3, 4, 5}, "x"); }),
            "x must have rank 1 to 4 but got rank 5 (1, 2, 3, 4, 5)");
}

TEST(Shape, RejectsTensorsOverTwoGiB) {
  EXPECT_NO_THROW(check_shape({std::size_t{1} << 29}, "x"));  // exactly 2 GiB
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { check_shape({(std::size_t{1} << 29) + 1}, "x"); }),
            "x of shape (536870913,) would need 2147483652 bytes, over the 2 GiB limit per tensor");
}

// Found by fuzzing: an empty tensor needs no bytes, but xtensor multiplies its other dimensions
// into signed strides, and Flatten multiplies them into a feature count.
TEST(Shape, EmptyShapesStillLimitTheirOtherDimensions) {
  EXPECT_NO_THROW(check_shape({0, 784}, "x"));
  const std::size_t huge = std::size_t{1} << 40;
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { check_shape({0, huge, huge}, "x"); }),
            "x of shape (0, 1099511627776, 1099511627776) is empty but its other dimensions would "
            "need 18446744073709551615 bytes, over the 2 GiB limit per tensor");
  Flatten flatten;
  EXPECT_THROW(flatten.output_shape({0, huge, huge}), std::invalid_argument);
}

}  // namespace
}  // namespace layerlab
