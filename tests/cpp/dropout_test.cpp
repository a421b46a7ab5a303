#include <cmath>

#include "test_util.hpp"

namespace layerlab {
namespace {

TEST(Dropout, ChecksP) {
  EXPECT_NO_THROW(Dropout(0.0));
  EXPECT_NO_THROW(Dropout(1.0));
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { Dropout(1.5); }),
            "Dropout: p must be in [0, 1] but got 1.5");
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { Dropout(-0.1); }),
            "Dropout: p must be in [0, 1] but got -0.1");
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { Dropout(NAN); }),
            "Dropout: p must be in [0, 1] but got NaN");
}

TEST(Dropout, SetPKeepsTheOldValueOnError) {
  Dropout d(0.3);
  EXPECT_THROW(d.set_p(2.0), std::invalid_argument);
  EXPECT_EQ(d.p(), 0.3);
  d.set_p(0.25);
  EXPECT_EQ(d.name(), "Dropout(p=0.25)");
}

TEST(Dropout, EvalIsExactlyTheIdentity) {
  Dropout d(0.5);
  const Tensor x = test::random_tensor({8, 16}, 4);
  EXPECT_EQ(d.forward(x, false), x);
  for (float m : d.last_mask()) EXPECT_EQ(m, 1.0f);
}

TEST(Dropout, PZeroIsTheIdentityAndPOneGivesZeros) {
  const Tensor x = test::random_tensor({4, 5}, 4);
  Dropout none(0.0);
  EXPECT_EQ(none.forward(x, true), x);
  Dropout all(1.0);
  const Tensor y = all.forward(x, true);
  for (float v : y) EXPECT_EQ(v, 0.0f);
  for (float m : all.last_mask()) EXPECT_EQ(m, 0.0f);
}

TEST(Dropout, SurvivorsAreScaledExactlyAndCountsAreWithinThreeSigma) {
  global_rng().reseed(1);  // deterministic masks: the 3-sigma bound is checked on a fixed draw
  for (double p : {0.1, 0.5, 0.8}) {
    Dropout d(p);
    if (p == 0.8) {
      EXPECT_EQ(d.scale(), 5.0f);
    }
    const std::size_t n = 100000;
    const Tensor y = d.forward(test::filled({100, 1000}, 1.0f), true);
    const float scale = static_cast<float>(1.0 / (1.0 - p));
    EXPECT_EQ(d.scale(), scale);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const float v = y.data()[i];
      const float m = d.last_mask().data()[i];
      ASSERT_TRUE(v == 0.0f || v == scale) << v;
      ASSERT_EQ(m, v == 0.0f ? 0.0f : 1.0f);  // mask and output agree
      kept += v != 0.0f;
    }
    const double mean = n * (1 - p), sigma = std::sqrt(n * p * (1 - p));
    EXPECT_NEAR(double(kept), mean, 3 * sigma) << p;
  }
}

TEST(Dropout, MaskHasTheInputShapeAndOutputIsMaskTimesScaledInput) {
  Dropout d(0.5);
  const Tensor x = test::random_tensor({3, 4, 5}, 2);
  const Tensor y = d.forward(x, true);
  ASSERT_EQ(shape_of(d.last_mask()), (Shape{3, 4, 5}));
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(y.data()[i], d.last_mask().data()[i] * (x.data()[i] * 2.0f));
  }
}

TEST(Dropout, SameSeedSameMask) {
  Dropout d(0.5);
  const Tensor x = test::filled({16, 16}, 1.0f);
  global_rng().reseed(9);
  d.forward(x, true);
  const Tensor first = d.last_mask();
  global_rng().reseed(9);
  d.forward(x, true);
  EXPECT_EQ(d.last_mask(), first);
  d.forward(x, true);
  EXPECT_NE(d.last_mask(), first);
}

}  // namespace
}  // namespace layerlab
