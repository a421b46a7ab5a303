// Backward of every block against finite differences of an independent double-precision
// forward (grad_check.hpp), on several shapes and ranks; tolerance 2e-4 of the largest
// gradient (float32 analytic gradients, double numeric ones with h = 1e-5).
#include "grad_check.hpp"

namespace layerlab {
namespace {

using test::check_gradients;
using test::random_tensor;

TEST(Backward, LinearOverEveryRank) {
  global_rng().reseed(1);
  for (const Shape& shape : {Shape{5}, Shape{3, 5}, Shape{2, 3, 5}, Shape{2, 2, 1, 5}}) {
    Linear lin(5, 4);
    check_gradients(lin, random_tensor(shape, 10), 11);
  }
  Linear no_bias(7, 3, false);
  check_gradients(no_bias, random_tensor({4, 7}, 12), 13);
  Linear wide(33, 17);  // past the kernels' tile sizes in every dimension
  check_gradients(wide, random_tensor({9, 33}, 14), 15);
}

TEST(Backward, Activations) {
  for (const Shape& shape : {Shape{6}, Shape{3, 4}, Shape{2, 3, 4}, Shape{2, 1, 2, 3}}) {
    ReLU relu;
    check_gradients(relu, random_tensor(shape, 20), 21);
    Sigmoid sigmoid;
    check_gradients(sigmoid, random_tensor(shape, 22), 23);
    Tanh tanh_layer;
    check_gradients(tanh_layer, random_tensor(shape, 24), 25);
    Softmax softmax;
    check_gradients(softmax, random_tensor(shape, 26), 27);
  }
}

TEST(Backward, FlattenRestoresTheInputShape) {
  Flatten flatten;
  check_gradients(flatten, random_tensor({3, 2, 4}, 30), 31);
  check_gradients(flatten, random_tensor({2, 2, 2, 3}, 32), 33);
}

TEST(Backward, DropoutUsesTheMaskOfItsTrainingForward) {
  global_rng().reseed(4);
  for (double p : {0.0, 0.3, 0.5, 0.9}) {
    Dropout d(p);
    check_gradients(d, random_tensor({6, 7}, 40), 41);
  }
}

TEST(Backward, DropoutScalesByExactlyOneOverOneMinusP) {
  global_rng().reseed(5);
  Dropout d(0.8);
  const Tensor x = test::filled({64, 64}, 1.0f);
  d.forward(x, true);
  const Tensor dx = d.backward(test::filled({64, 64}, 1.0f));
  for (std::size_t i = 0; i < dx.size(); ++i) {
    EXPECT_EQ(dx.data()[i], d.last_mask().data()[i] == 1.0f ? 5.0f : 0.0f);
  }
}

TEST(Backward, DropoutAtPOneGivesZeroGradient) {
  Dropout d(1.0);
  d.forward(random_tensor({4, 5}, 50), true);
  for (float v : d.backward(random_tensor({4, 5}, 51))) EXPECT_EQ(v, 0.0f);
}

TEST(Backward, SequentialChainsInReverse) {
  global_rng().reseed(6);
  Sequential net({std::make_shared<Linear>(6, 8), std::make_shared<Tanh>(),
                  std::make_shared<Dropout>(0.25), std::make_shared<Linear>(8, 5),
                  std::make_shared<ReLU>(), std::make_shared<Linear>(5, 4),
                  std::make_shared<Softmax>()});
  check_gradients(net, random_tensor({3, 6}, 60), 61);
  Sequential images({std::make_shared<Flatten>(), std::make_shared<Linear>(12, 3),
                     std::make_shared<Sigmoid>()});
  check_gradients(images, random_tensor({2, 3, 4}, 62), 63);
  Sequential nested({std::make_shared<Linear>(4, 4),
                     std::make_shared<Sequential>(std::vector<std::shared_ptr<Layer>>{
                         std::make_shared<ReLU>(), std::make_shared<Linear>(4, 2)})});
  check_gradients(nested, random_tensor({5, 4}, 64), 65);
}

TEST(Backward, GradientsAccumulateUntilZeroGrad) {
  global_rng().reseed(7);
  Linear lin(3, 2);
  const Tensor x = random_tensor({4, 3}, 70), r = random_tensor({4, 2}, 71);
  lin.forward(x, true);
  lin.backward(r);
  const xt::xtensor<float, 2> once = lin.weight_grad();
  const xt::xtensor<float, 1> bias_once = lin.bias_grad();
  lin.backward(r);
  for (std::size_t i = 0; i < once.size(); ++i) EXPECT_FLOAT_EQ(lin.weight_grad().data()[i], 2 * once.data()[i]);
  for (std::size_t i = 0; i < bias_once.size(); ++i) EXPECT_FLOAT_EQ(lin.bias_grad()(i), 2 * bias_once(i));
  lin.zero_grad();
  for (float v : lin.weight_grad()) EXPECT_EQ(v, 0.0f);
  for (float v : lin.bias_grad()) EXPECT_EQ(v, 0.0f);
  lin.backward(r);  // after zero_grad the next backward starts from zero again
  EXPECT_EQ(lin.weight_grad(), once);
}

TEST(Backward, NeedsATrainingForward) {
  Linear lin(3, 2);
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { lin.backward(test::filled({1, 2}, 1)); }),
            "Linear(3, 2) backward needs a forward pass in training mode first (the last forward "
            "was in evaluation mode, or there was none)");
  lin.forward(test::filled({1, 3}, 1), true);
  lin.forward(test::filled({1, 3}, 1), false);  // an evaluation pass drops the kept state
  EXPECT_THROW(lin.backward(test::filled({1, 2}, 1)), std::invalid_argument);
}

TEST(Backward, RefusesAGradientOfTheWrongShape) {
  Linear lin(3, 2);
  lin.forward(test::filled({4, 3}, 1), true);
  EXPECT_EQ(test::error_of<ShapeError>([&] { lin.backward(test::filled({4, 3}, 1)); }),
            "Linear(3, 2) backward expects a gradient of shape (4, 2) (the output of its last "
            "training forward) but got (4, 3)");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] {
              Tensor g = test::filled({4, 2}, 1);
              g(1, 1) = NAN;
              lin.backward(g);
            }),
            "Linear(3, 2) backward got a non-finite gradient value");
  EXPECT_NO_THROW(lin.backward(test::filled({4, 2}, 1)));  // still usable
}

TEST(Backward, SequentialRefusesAChainItsForwardDidNotSee) {
  global_rng().reseed(8);
  auto lin = std::make_shared<Linear>(3, 3);
  Sequential net({lin, std::make_shared<ReLU>()});
  net.forward(test::filled({2, 3}, 1), true);
  net.add(std::make_shared<Linear>(3, 1));  // an edit after the forward
  EXPECT_THROW(net.backward(test::filled({2, 3}, 1)), std::invalid_argument);

  net.remove(2);
  net.forward(test::filled({2, 3}, 1), true);
  lin->forward(test::filled({5, 3}, 1), true);  // the layer ran again on its own
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { net.backward(test::filled({2, 3}, 1)); }),
            "Sequential: layer 0 Linear(3, 3) ran again (or was added) after this network's "
            "training forward; run forward(x, true) again before backward");
  // ...and a layer trained through a network cannot be stepped back on its own: its input
  // belonged to the network.
  net.forward(test::filled({2, 3}, 1), true);
  EXPECT_THROW(lin->backward(test::filled({2, 3}, 1)), std::invalid_argument);
}

TEST(Backward, SequentialRefusesTheSameLayerTwiceInTraining) {
  auto lin = std::make_shared<Linear>(3, 3);
  Sequential net({lin, std::make_shared<ReLU>(), lin});  // shared weights: fine for evaluation
  EXPECT_NO_THROW(net.forward(test::filled({1, 3}, 1), false));  // evaluation is fine
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { net.forward(test::filled({1, 3}, 1), true); }),
            "Sequential: Linear(3, 3) appears more than once in the network; training needs each "
            "layer once (add a new layer instead of the same one again)");
  Sequential outer({std::make_shared<Sequential>(std::vector<std::shared_ptr<Layer>>{lin}), lin});
  EXPECT_THROW(outer.forward(test::filled({1, 3}, 1), true), std::invalid_argument);
}

TEST(Backward, EmptySequentialPassesTheGradientThrough) {
  Sequential net;
  net.forward(test::filled({2, 3}, 1), true);
  const Tensor g = random_tensor({2, 3}, 80);
  EXPECT_EQ(net.backward(g), g);
}

}  // namespace
}  // namespace layerlab
