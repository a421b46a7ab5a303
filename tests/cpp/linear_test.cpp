#include <cmath>

#include "test_util.hpp"

namespace layerlab {
namespace {

// y[r, o] = sum_i x[r, i] W[i, o] + b[o], written independently of the kernels.
Tensor naive_linear(const Tensor& x, const Linear& lin) {
  Shape out = shape_of(x);
  out.back() = lin.out_features();
  Tensor y = zeros(out);
  const std::size_t rows = x.size() / lin.in_features();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t o = 0; o < lin.out_features(); ++o) {
      double acc = lin.has_bias() ? lin.bias()(o) : 0.0;
      for (std::size_t i = 0; i < lin.in_features(); ++i) {
        acc += double(x.data()[r * lin.in_features() + i]) * lin.weight()(i, o);
      }
      y.data()[r * lin.out_features() + o] = static_cast<float>(acc);
    }
  }
  return y;
}

void expect_close(const Tensor& a, const Tensor& b, float tol) {
  ASSERT_EQ(shape_of(a), shape_of(b));
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_NEAR(a.data()[i], b.data()[i], tol * (1 + std::fabs(b.data()[i]))) << "at " << i;
  }
}

TEST(Linear, ParameterCountsMatchPyTorch) {
  EXPECT_EQ(Linear(784, 256).parameter_count(), 200960u);
  EXPECT_EQ(Linear(784, 256, false).parameter_count(), 200704u);
  EXPECT_EQ(Linear(3, 4).parameter_count(), 16u);
}

TEST(Linear, NamesReadLikePyTorch) {
  EXPECT_EQ(Linear(784, 256).name(), "Linear(784, 256)");
  EXPECT_EQ(Linear(3, 4, false).name(), "Linear(3, 4, bias=False)");
}

TEST(Linear, ParametersAreWeightThenBias) {
  Linear lin(5, 3);
  const auto params = lin.parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(shape_of(params[0]), (Shape{5, 3}));
  EXPECT_EQ(shape_of(params[1]), (Shape{3}));
  EXPECT_EQ(params[0], Tensor(lin.weight()));
  Linear no_bias(5, 3, false);
  ASSERT_EQ(no_bias.parameters().size(), 1u);
  EXPECT_EQ(no_bias.bias().size(), 0u);
}

TEST(Linear, OutputShapeFollowsTheLastDimension) {
  Linear lin(784, 256);
  EXPECT_EQ(lin.output_shape({784}), (Shape{256}));
  EXPECT_EQ(lin.output_shape({32, 784}), (Shape{32, 256}));
  EXPECT_EQ(lin.output_shape({4, 7, 784}), (Shape{4, 7, 256}));
  EXPECT_EQ(lin.output_shape({0, 784}), (Shape{0, 256}));
}

TEST(Linear, ForwardMatchesANaiveLoopOnSeveralShapes) {
  global_rng().reseed(1);
  for (const Shape& shape : {Shape{7}, Shape{1, 7}, Shape{5, 7}, Shape{3, 4, 7}, Shape{2, 2, 2, 7}}) {
    for (bool bias : {true, false}) {
      Linear lin(7, 10, bias);
      Tensor b = test::random_tensor({10}, 9);
      if (bias) lin.set_bias(b);
      const Tensor x = test::random_tensor(shape, 5);
      expect_close(lin.forward(x), naive_linear(x, lin), 1e-5f);
      expect_close(lin.forward_reference(x), naive_linear(x, lin), 1e-5f);
    }
  }
}

TEST(Linear, LargerShapesMatchTheReferenceKernel) {
  for (auto [b, i, o] : {std::tuple{32, 784, 256}, std::tuple{3, 129, 65}, std::tuple{1, 300, 10}}) {
    Linear lin(i, o);
    const Tensor x = test::random_tensor({std::size_t(b), std::size_t(i)}, 11);
    expect_close(lin.forward(x), lin.forward_reference(x), 1e-4f);
    const Tensor relu = lin.forward_relu(x);
    const Tensor ref = lin.forward_reference(x, true);
    expect_close(relu, ref, 1e-4f);
    for (float v : relu) ASSERT_GE(v, 0.0f);
  }
}

TEST(Linear, EmptyBatchGivesEmptyOutput) {
  Linear lin(4, 3);
  const Tensor y = lin.forward(zeros({0, 4}));
  EXPECT_EQ(shape_of(y), (Shape{0, 3}));
}

TEST(Linear, KnownValues) {
  Linear lin(2, 3);
  const float w[] = {1, 2, 3, 4, 5, 6};  // (2, 3)
  const float b[] = {0.5f, -1, 0};
  lin.set_weight(from_data(w, 6, {2, 3}));
  lin.set_bias(from_data(b, 3, {3}));
  const float x[] = {1, 1, 2, -1};  // (2, 2)
  const Tensor y = lin.forward(from_data(x, 4, {2, 2}));
  EXPECT_EQ(y, (Tensor{{5.5f, 6, 9}, {-1.5f, -2, 0}}));
}

TEST(Linear, InitStatisticsMatchEachScheme) {
  const std::size_t in = 1000, out = 500;
  struct Case { Init init; double std; };
  for (auto [init, want] : {Case{Init::LeCunNormal, std::sqrt(1.0 / in)},
                            Case{Init::HeNormal, std::sqrt(2.0 / in)},
                            Case{Init::XavierUniform, std::sqrt(6.0 / (in + out)) / std::sqrt(3.0)}}) {
    Linear lin(in, out, true, init);
    double sum = 0, sq = 0;
    for (float v : lin.weight()) { sum += v; sq += double(v) * v; }
    const double n = double(in * out), mean = sum / n;
    EXPECT_NEAR(mean, 0.0, 0.01 * want) << to_string(init);
    EXPECT_NEAR(std::sqrt(sq / n - mean * mean), want, 0.02 * want) << to_string(init);
    for (float v : lin.bias()) ASSERT_EQ(v, 0.0f);
  }
  const double a = std::sqrt(6.0 / (in + out));
  Linear xavier(in, out, true, Init::XavierUniform);
  for (float v : xavier.weight()) ASSERT_LE(std::fabs(v), a);
  Linear zero(in, out, true, Init::Zeros);
  for (float v : zero.weight()) ASSERT_EQ(v, 0.0f);
}

TEST(Linear, SameSeedSameWeightsDifferentSeedDifferentWeights) {
  global_rng().reseed(42);
  Linear a(20, 30);
  global_rng().reseed(42);
  Linear b(20, 30);
  global_rng().reseed(43);
  Linear c(20, 30);
  EXPECT_EQ(a.weight(), b.weight());
  EXPECT_NE(a.weight(), c.weight());
}

TEST(Linear, RejectsBadSizes) {
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { Linear(0, 3); }),
            "Linear: in_features must be at least 1 but got 0");
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { Linear(3, -2); }),
            "Linear: out_features must be at least 1 but got -2");
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { Linear(1 << 20, 1 << 20); }),
            "Linear(1048576, 1048576) would need 4398050705408 bytes of parameters, over the 2 GiB limit");
}

TEST(Linear, ShapeMismatchNamesTheLayerAndBothShapes) {
  Linear lin(256, 10);
  EXPECT_EQ(test::error_of<ShapeError>([&] { lin.output_shape({32, 128}); }),
            "Linear(256, 10) expects last dimension 256 but got (32, 128)");
  EXPECT_EQ(test::error_of<ShapeError>([&] { lin.forward(zeros({32, 128})); }),
            "Linear(256, 10) expects last dimension 256 but got (32, 128)");
}

TEST(Linear, SetWeightChecksShapeAndValuesAndKeepsTheOldOnError) {
  Linear lin(2, 3);
  const auto before = lin.weight();
  EXPECT_EQ(test::error_of<ShapeError>([&] { lin.set_weight(zeros({3, 2})); }),
            "Linear(2, 3) weight must have shape (2, 3) but got (3, 2)");
  Tensor bad = zeros({2, 3});
  bad(0, 0) = NAN;
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { lin.set_weight(bad); }),
            "Linear(2, 3) weight must hold finite values only");
  EXPECT_EQ(lin.weight(), before);
  EXPECT_EQ(test::error_of<ShapeError>([&] { lin.set_bias(zeros({2})); }),
            "Linear(2, 3) bias must have shape (3,) but got (2,)");
  Linear no_bias(2, 3, false);
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { no_bias.set_bias(zeros({3})); }),
            "Linear(2, 3, bias=False) has no bias to set");
}

TEST(Linear, SetWeightIsUsedByForward) {
  Linear lin(3, 2);
  lin.set_weight(zeros({3, 2}));
  const Tensor y = lin.forward(test::filled({4, 3}, 1.0f));
  for (float v : y) EXPECT_EQ(v, 0.0f);
}

TEST(Linear, RejectsNonFiniteAndBadRankInputs) {
  Linear lin(2, 2);
  Tensor x = zeros({1, 2});
  x(0, 1) = INFINITY;
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { lin.forward(x); }),
            "Linear(2, 2) got a non-finite input value (Inf) at flat index 1 of (1, 2)");
  const Tensor rank5 = Tensor::from_shape({1, 1, 1, 1, 2});
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { lin.forward(rank5); }),
            "Linear(2, 2) input must have rank 1 to 4 but got rank 5 (1, 1, 1, 1, 2)");
  const Tensor rank0 = 3.0f;
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { lin.forward(rank0); }),
            "Linear(2, 2) input must have rank 1 to 4 but got rank 0 ()");
}

}  // namespace
}  // namespace layerlab
