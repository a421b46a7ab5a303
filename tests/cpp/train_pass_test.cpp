// Layer::train_pass, the one way into a layer's unchecked training pass from outside (the
// trainer's): it checks x as forward() does, also on the warm path that skips the chain check,
// refuses a gradient of the wrong shape, and leaves no public backward behind.

#include <limits>

#include "test_util.hpp"

namespace layerlab {
namespace {

// dL/dy = 1 everywhere, in storage that outlives the pass.
struct Ones {
  Tensor dy;
  const Tensor& operator()(const Tensor& y) {
    dy = test::filled(shape_of(y), 1.0f);
    return dy;
  }
};

TEST(TrainPass, AWarmPassStillRejectsANonFiniteInputAsForwardDoes) {
  auto lin = std::make_shared<Linear>(2, 3);
  Sequential net({lin});
  Ones ones;
  net.train_pass(test::random_tensor({4, 2}, 1), ones);  // this shape is now known
  Tensor bad = test::random_tensor({4, 2}, 2);
  bad(1, 0) = std::numeric_limits<float>::quiet_NaN();
  const auto before = net.parameters();
  const std::string message = test::error_of<std::invalid_argument>([&] { net.train_pass(bad, ones); });
  EXPECT_EQ(message, test::error_of<std::invalid_argument>([&] { net.forward(bad); }));
  EXPECT_NE(message.find("Sequential"), std::string::npos) << message;
  EXPECT_EQ(net.parameters(), before);
}

TEST(TrainPass, AnEditedChainIsCheckedAgainForAKnownShape) {
  Sequential net({std::make_shared<Linear>(2, 3)});
  Ones ones;
  const Tensor x = test::random_tensor({4, 2}, 1);
  net.train_pass(x, ones);
  net.add(std::make_shared<Linear>(5, 1));  // no longer takes the output of Linear(2, 3)
  EXPECT_THROW(net.train_pass(x, ones), ShapeError);
}

TEST(TrainPass, AGradientOfTheWrongShapeIsRefusedBeforeBackward) {
  auto lin = std::make_shared<Linear>(2, 3);
  const auto before = lin->parameters();
  lin->zero_grad();
  const Tensor wrong = zeros({4, 2});
  EXPECT_EQ(test::error_of<ShapeError>([&] {
              lin->train_pass(test::random_tensor({4, 2}, 1),
                              [&](const Tensor&) -> const Tensor& { return wrong; });
            }),
            "Linear(2, 3) training pass expects a gradient of shape (4, 3) (its output) but got "
            "(4, 2)");
  EXPECT_EQ(lin->parameters(), before);
}

TEST(TrainPass, LeavesNoBackwardForTheCallerToRunAgain) {
  auto lin = std::make_shared<Linear>(2, 3);
  Ones ones;
  lin->train_pass(test::random_tensor({4, 2}, 1), ones);
  EXPECT_THROW(lin->backward(ones.dy), std::invalid_argument);
}

}  // namespace
}  // namespace layerlab
