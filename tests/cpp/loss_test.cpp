// Losses against double-precision references; gradients against central differences.
#include <cmath>

#include "grad_check.hpp"

namespace layerlab {
namespace {

using test::random_tensor;

Tensor classes(std::initializer_list<float> v) {
  Tensor t = zeros({v.size()});
  std::copy(v.begin(), v.end(), t.begin());
  return t;
}

// The references, in double, written from the definitions.
double ref_cross_entropy(const std::vector<double>& z, std::size_t B, std::size_t C, const Tensor& t) {
  double total = 0;
  for (std::size_t b = 0; b < B; ++b) {
    double peak = z[b * C];
    for (std::size_t c = 0; c < C; ++c) peak = std::max(peak, z[b * C + c]);
    double sum = 0;
    for (std::size_t c = 0; c < C; ++c) sum += std::exp(z[b * C + c] - peak);
    total += peak + std::log(sum) - z[b * C + static_cast<std::size_t>(t(b))];
  }
  return total / static_cast<double>(B);
}

double ref_mse(const std::vector<double>& y, const Tensor& t) {
  double total = 0;
  for (std::size_t i = 0; i < y.size(); ++i) total += (y[i] - t.data()[i]) * (y[i] - t.data()[i]);
  return total / static_cast<double>(y.size());
}

double ref_bce(const std::vector<double>& z, const Tensor& t) {
  double total = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double p = 1.0 / (1.0 + std::exp(-z[i])), ti = t.data()[i];
    total += -(ti * std::log(p) + (1 - ti) * std::log(1 - p));
  }
  return total / static_cast<double>(z.size());
}

void check_loss(Loss& loss, const Tensor& input, const Tensor& target,
                const std::function<double(const std::vector<double>&)>& ref) {
  const float value = loss.forward(input, target);
  std::vector<double> z(input.begin(), input.end());
  EXPECT_NEAR(value, ref(z), 1e-5 * std::max(1.0, std::fabs(ref(z)))) << loss.name();
  const auto numeric = test::numeric_gradient(z, [&] { return ref(z); }, 1e-6);
  test::expect_gradient(loss.backward().data(), numeric, 1e-4, loss.name() + " gradient");
  EXPECT_EQ(shape_of(loss.backward()), shape_of(input));
}

TEST(Loss, CrossEntropyMatchesLogSoftmaxNll) {
  for (const auto& [B, C] : {std::pair<std::size_t, std::size_t>{1, 2}, {4, 3}, {7, 10}}) {
    const Tensor z = random_tensor({B, C}, 100 + B);
    Tensor t = zeros({B});
    for (std::size_t b = 0; b < B; ++b) t(b) = static_cast<float>((b * 7 + 1) % C);
    CrossEntropyLoss ce;
    check_loss(ce, z, t, [&](const std::vector<double>& v) { return ref_cross_entropy(v, B, C, t); });
  }
}

TEST(Loss, CrossEntropyIsStableAtLogitsOfAThousand) {
  Tensor z = zeros({2, 3});
  z(0, 0) = 1000, z(0, 1) = -1000, z(0, 2) = 0;
  z(1, 0) = -1000, z(1, 1) = -1000, z(1, 2) = 1000;
  CrossEntropyLoss ce;
  const float loss = ce.forward(z, classes({1, 2}));  // row 0 is wrong by 2000, row 1 is right
  EXPECT_FLOAT_EQ(loss, 1000.0f);
  const Tensor& g = ce.backward();
  EXPECT_FLOAT_EQ(g(0, 0), 0.5f);   // softmax 1 at the peak, / B
  EXPECT_FLOAT_EQ(g(0, 1), -0.5f);  // 0 - 1 at the target
  EXPECT_FLOAT_EQ(g(1, 2), 0.0f);
  for (float v : g) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(ce.correct(), 1);
  EXPECT_EQ(ce.predictions(), 2u);
}

TEST(Loss, CrossEntropyCountsCorrectArgMax) {
  Tensor z = zeros({3, 2});
  z(0, 1) = 1, z(1, 0) = 1, z(2, 1) = 1;
  CrossEntropyLoss ce;
  ce.forward(z, classes({1, 1, 1}));
  EXPECT_EQ(ce.correct(), 2);
}

TEST(Loss, CrossEntropyRefusesBadTargets) {
  CrossEntropyLoss ce;
  const Tensor z = random_tensor({3, 4}, 1);
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { ce.forward(z, classes({0, 4, 1})); }),
            "CrossEntropyLoss(): target 4 at index 1 is not a class index in [0, 4)");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { ce.forward(z, classes({0, 1.5f, 1})); }),
            "CrossEntropyLoss(): target 1.5 at index 1 is not a class index in [0, 4)");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { ce.forward(z, classes({NAN, 1, 1})); }),
            "CrossEntropyLoss(): target NaN at index 0 is not a class index in [0, 4)");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { ce.forward(z, classes({-1, 1, 1})); }),
            "CrossEntropyLoss(): target -1 at index 0 is not a class index in [0, 4)");
  EXPECT_EQ(test::error_of<ShapeError>([&] { ce.forward(z, classes({0, 1})); }),
            "CrossEntropyLoss() expects input (B, C) logits and target (B,) class indices but got "
            "input (3, 4) and target (2,)");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { ce.forward(zeros({0, 4}), zeros({0})); }),
            "CrossEntropyLoss() needs at least one value but got input (0, 4)");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { ce.backward(); }),
            "CrossEntropyLoss() backward needs a forward first");
}

TEST(Loss, NonFiniteLogitsSayTrainingDiverged) {
  CrossEntropyLoss ce;
  Tensor z = zeros({2, 2});
  z(1, 0) = INFINITY;
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { ce.forward(z, classes({0, 1})); }),
            "CrossEntropyLoss() got a non-finite input value (Inf) at flat index 2 of (2, 2) "
            "(training diverged? lower the learning rate)");
}

TEST(Loss, MeanSquaredErrorOverEveryElement) {
  for (const Shape& shape : {Shape{5}, Shape{3, 4}, Shape{2, 2, 3}}) {
    const Tensor y = random_tensor(shape, 200), t = random_tensor(shape, 201);
    MSELoss mse;
    check_loss(mse, y, t, [&](const std::vector<double>& v) { return ref_mse(v, t); });
    EXPECT_EQ(mse.correct(), -1);
  }
  MSELoss mse;
  Tensor t = zeros({2});
  t(1) = NAN;
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { mse.forward(zeros({2}), t); }),
            "MSELoss(): target NaN at flat index 1 is not a finite number");
  EXPECT_THROW(mse.forward(zeros({2, 3}), zeros({3, 2})), ShapeError);
}

TEST(Loss, BinaryCrossEntropyWithLogits) {
  for (const Shape& shape : {Shape{6}, Shape{4, 1}, Shape{3, 2}}) {
    const Tensor z = random_tensor(shape, 300);
    Tensor t = random_tensor(shape, 301);
    for (float& v : t) v = v > 0 ? 1.0f : (v > -0.5f ? 0.25f : 0.0f);  // hard and soft labels
    BCEWithLogitsLoss bce;
    check_loss(bce, z, t, [&](const std::vector<double>& v) { return ref_bce(v, t); });
  }
}

TEST(Loss, BinaryCrossEntropyIsStableAtLogitsOfAThousand) {
  Tensor z = zeros({3});
  z(0) = 1000, z(1) = -1000, z(2) = 1000;
  BCEWithLogitsLoss bce;
  const float loss = bce.forward(z, classes({1, 0, 0}));  // two right, one wrong by 1000
  EXPECT_NEAR(loss, 1000.0f / 3.0f, 1e-3);
  for (float v : bce.backward()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(bce.correct(), 2);
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { bce.forward(z, classes({1, 2, 0})); }),
            "BCEWithLogitsLoss(): target 2 at index 1 is not a probability in [0, 1]");
}

}  // namespace
}  // namespace layerlab
