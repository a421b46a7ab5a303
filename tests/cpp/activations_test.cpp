#include <cmath>

#include "test_util.hpp"

namespace layerlab {
namespace {

Tensor vec(std::initializer_list<float> v) { return from_data(v.begin(), v.size(), {v.size()}); }

TEST(ReLU, ZeroesNegatives) {
  ReLU relu;
  EXPECT_EQ(relu.forward(vec({-2, -1, 0, 1, 2})), vec({0, 0, 0, 1, 2}));
  EXPECT_EQ(relu.name(), "ReLU()");
  EXPECT_EQ(relu.parameter_count(), 0u);
}

TEST(Sigmoid, KnownValuesAndStableAtExtremes) {
  Sigmoid s;
  const Tensor y = s.forward(vec({0, 2, -2, 1000, -1000, 88, -88}));
  EXPECT_EQ(y(0), 0.5f);
  EXPECT_NEAR(y(1), 1 / (1 + std::exp(-2.0)), 1e-7);
  EXPECT_NEAR(y(2), 1 - 1 / (1 + std::exp(-2.0)), 1e-7);
  EXPECT_EQ(y(3), 1.0f);
  EXPECT_EQ(y(4), 0.0f);
  for (float v : y) EXPECT_TRUE(std::isfinite(v));
}

TEST(Tanh, KnownValues) {
  const Tensor y = Tanh().forward(vec({0, 0.5f, -1000, 1000}));
  EXPECT_EQ(y(0), 0.0f);
  EXPECT_NEAR(y(1), std::tanh(0.5), 1e-7);
  EXPECT_EQ(y(2), -1.0f);
  EXPECT_EQ(y(3), 1.0f);
}

TEST(Softmax, RowsSumToOneOnEveryShape) {
  Softmax sm;
  for (const Shape& shape : {Shape{5}, Shape{3, 7}, Shape{2, 3, 4}}) {
    const Tensor y = sm.forward(test::random_tensor(shape, 3));
    const std::size_t cols = shape.back();
    for (std::size_t r = 0; r < y.size() / cols; ++r) {
      double sum = 0;
      for (std::size_t c = 0; c < cols; ++c) sum += y.data()[r * cols + c];
      EXPECT_NEAR(sum, 1.0, 1e-6);
    }
  }
}

TEST(Softmax, KnownValuesShiftInvarianceAndExtremes) {
  Softmax sm;
  const Tensor y = sm.forward(vec({1, 2, 3}));
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(y(0), std::exp(1.0) / z, 1e-7);
  EXPECT_NEAR(y(2), std::exp(3.0) / z, 1e-7);
  const Tensor shifted = sm.forward(vec({101, 102, 103}));
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(shifted(i), y(i), 1e-6);
  const Tensor extreme = sm.forward(vec({1000, -1000, 1000}));
  EXPECT_EQ(extreme(0), 0.5f);
  EXPECT_EQ(extreme(1), 0.0f);
}

TEST(Flatten, KeepsTheBatchAndFlattensTheRest) {
  Flatten f;
  EXPECT_EQ(f.output_shape({32, 28, 28}), (Shape{32, 784}));
  EXPECT_EQ(f.output_shape({2, 3, 4, 5}), (Shape{2, 60}));
  EXPECT_EQ(f.output_shape({32, 784}), (Shape{32, 784}));
  const Tensor x = test::random_tensor({2, 3, 4}, 1);
  const Tensor y = f.forward(x);
  EXPECT_EQ(shape_of(y), (Shape{2, 12}));
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y.data()[i], x.data()[i]);
  EXPECT_EQ(test::error_of<ShapeError>([&] { f.output_shape({784}); }),
            "Flatten() expects at least 2 dimensions (batch, features...) but got (784,)");
}

TEST(Activations, KeepShapesForEveryRankIncludingEmpty) {
  ReLU relu;
  Sigmoid sig;
  Tanh tanh_layer;
  Softmax sm;
  for (Layer* layer : std::initializer_list<Layer*>{&relu, &sig, &tanh_layer, &sm}) {
    for (const Shape& shape : {Shape{3}, Shape{2, 3}, Shape{0, 3}, Shape{2, 2, 3}, Shape{1, 2, 2, 3}}) {
      EXPECT_EQ(layer->output_shape(shape), shape);
      EXPECT_EQ(shape_of(layer->forward(zeros(shape))), shape) << layer->name();
    }
  }
}

}  // namespace
}  // namespace layerlab
