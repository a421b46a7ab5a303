// Training end to end: a small MLP learns a fixed synthetic task; the same seed gives the same
// curve; bad input changes nothing. (A warm step allocating nothing: alloc/.)

#include "test_util.hpp"

namespace layerlab {
namespace {

// Two interleaved spirals' simpler cousin: the label is whether x0·x1 > 0 (XOR of signs), a
// task no linear model solves.
void xor_batch(Rng& rng, std::size_t B, Tensor& x, Tensor& t) {
  x = zeros({B, 2});
  t = zeros({B});
  for (std::size_t b = 0; b < B; ++b) {
    const float a = static_cast<float>(rng.uniform() * 2 - 1), c = static_cast<float>(rng.uniform() * 2 - 1);
    x(b, 0) = a;
    x(b, 1) = c;
    t(b) = a * c > 0 ? 1.0f : 0.0f;
  }
}

std::shared_ptr<Sequential> mlp(bool dropout) {
  auto net = std::make_shared<Sequential>();
  net->add(std::make_shared<Linear>(2, 32));
  net->add(std::make_shared<Tanh>());
  if (dropout) net->add(std::make_shared<Dropout>(0.1));
  net->add(std::make_shared<Linear>(32, 2));
  return net;
}

std::vector<float> train(std::uint64_t seed, int steps, bool dropout, bool adam) {
  global_rng().reseed(seed);
  auto net = mlp(dropout);
  CrossEntropyLoss loss;
  std::unique_ptr<Optimizer> opt;
  if (adam) opt = std::make_unique<Adam>(net, AdamOptions{0.02, 0.9, 0.999, 1e-8, 0, false});
  else opt = std::make_unique<SGD>(net, SGDOptions{0.2, 0.9, 0, 0, false});
  Rng data(seed + 1);
  Tensor x, t;
  std::vector<float> curve;
  for (int s = 0; s < steps; ++s) {
    xor_batch(data, 64, x, t);
    curve.push_back(Trainer::step(*net, loss, *opt, x, t).loss);
  }
  return curve;
}

float mean_of_last(const std::vector<float>& v, std::size_t n) {
  float s = 0;
  for (std::size_t i = v.size() - n; i < v.size(); ++i) s += v[i];
  return s / static_cast<float>(n);
}

TEST(Train, AnMlpLearnsXorWithSgdAndAdam) {
  // Chance (and the best a linear model can do) is log 2 = 0.693; measured 0.16 (SGD) and
  // 0.14 (Adam) over the last 20 of 400 steps.
  for (bool adam : {false, true}) {
    const auto curve = train(3, 400, true, adam);
    EXPECT_GT(curve.front(), 0.6f);
    EXPECT_LT(mean_of_last(curve, 20), 0.25f) << (adam ? "Adam" : "SGD");
  }
}

TEST(Train, TheSameSeedGivesTheSameCurveStepForStep) {
  EXPECT_EQ(train(7, 50, true, false), train(7, 50, true, false));
  EXPECT_NE(train(7, 50, true, false), train(8, 50, true, false));
}

TEST(Train, StepMatchesTheLoopWrittenOut) {
  // trainStep = zero_grad; forward(train); loss; backward; step — compared with the same calls
  // made one by one through the public API on an identical network.
  global_rng().reseed(11);
  auto a = mlp(true);
  global_rng().reseed(11);
  auto b = mlp(true);
  CrossEntropyLoss la, lb;
  SGD oa(a, {0.1, 0.9, 0, 0, false}), ob(b, {0.1, 0.9, 0, 0, false});
  Rng data(12);
  Tensor x, t;
  for (int s = 0; s < 5; ++s) {
    xor_batch(data, 16, x, t);
    global_rng().reseed(100 + s);
    const StepResult r = Trainer::step(*a, la, oa, x, t);
    global_rng().reseed(100 + s);
    ob.zero_grad();
    const float loss = lb.forward(b->forward(x, true), t);
    b->backward(lb.backward());
    ob.step();
    EXPECT_EQ(r.loss, loss);
    EXPECT_EQ(r.correct, lb.correct());
  }
  EXPECT_EQ(a->parameters(), b->parameters());
}

TEST(Train, TheFastForwardFollowsEveryRowAnOptimizerChanged) {
  // The optimizer updates a weight a few rows at a time and Linear repacks each part for the
  // fast kernel: after training, the kernel must see exactly the weight the naive loop reads.
  // 300 columns end in a narrow panel; 100 rows of 300 span several parts.
  for (const bool adam : {false, true}) {
    global_rng().reseed(3);
    auto lin = std::make_shared<Linear>(100, 300);
    auto net = std::make_shared<Sequential>();
    net->add(lin);
    MSELoss loss;
    std::unique_ptr<Optimizer> opt;
    if (adam) opt = std::make_unique<Adam>(net, AdamOptions{0.05, 0.9, 0.999, 1e-8, 0, false});
    else opt = std::make_unique<SGD>(net, SGDOptions{0.5, 0.9, 0, 0, false});
    const Tensor x = test::random_tensor({8, 100}, 1), t = test::random_tensor({8, 300}, 2);
    const Tensor before = lin->forward(x);
    for (int s = 0; s < 3; ++s) Trainer::step(*net, loss, *opt, x, t);
    const Tensor fast = lin->forward(x), naive = lin->forward_reference(x);
    EXPECT_GT(xt::amax(xt::abs(fast - before))(), 0.1f) << "training changed nothing";
    EXPECT_TRUE(xt::allclose(fast, naive, 1e-5, 1e-5)) << (adam ? "Adam" : "SGD");
  }
}

TEST(Train, BadTargetsChangeNoParameter) {
  global_rng().reseed(6);
  auto net = mlp(false);
  CrossEntropyLoss loss;
  SGD opt(net, {0.1, 0, 0, 0, false});
  const auto before = net->parameters();
  Tensor x = test::random_tensor({3, 2}, 2);
  Tensor t = zeros({3});
  t(2) = 5;
  EXPECT_THROW(Trainer::step(*net, loss, opt, x, t), std::invalid_argument);
  EXPECT_THROW(Trainer::step(*net, loss, opt, test::random_tensor({3, 5}, 2), zeros({3})), ShapeError);
  EXPECT_EQ(net->parameters(), before);
  SGD other(mlp(false), {0.1, 0, 0, 0, false});
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { Trainer::step(*net, loss, other, x, zeros({3})); }),
            "trainStep: the optimizer SGD(lr=0.1) was made for another network");
}

TEST(Train, EvaluateRunsWithoutDropoutAndWithoutGradients) {
  global_rng().reseed(9);
  auto net = mlp(true);
  CrossEntropyLoss loss;
  Tensor x = test::random_tensor({8, 2}, 3), t = zeros({8});
  const StepResult a = Trainer::evaluate(*net, loss, x, t);
  const StepResult b = Trainer::evaluate(*net, loss, x, t);
  EXPECT_EQ(a.loss, b.loss);  // no dropout draws in evaluation
  EXPECT_EQ(a.predictions, 8u);
}

}  // namespace
}  // namespace layerlab

namespace layerlab {
namespace {

std::shared_ptr<Sequential> deep_tanh(Init init) {
  auto net = std::make_shared<Sequential>();
  for (int i = 0; i < 10; ++i) {
    net->add(std::make_shared<Linear>(64, 64, true, init));
    net->add(std::make_shared<Tanh>());
  }
  return net;
}

TEST(DepthStats, ShowWhatInitialisationDoesAcrossDepth) {
  global_rng().reseed(12);
  const Tensor x = test::random_tensor({128, 64}, 5);
  Tensor t = zeros({128});
  for (std::size_t b = 0; b < 128; ++b) t(b) = static_cast<float>(b % 64);
  CrossEntropyLoss loss;

  auto zeros_net = deep_tanh(Init::Zeros);
  const auto dead = zeros_net->depth_stats(x, loss, t);
  ASSERT_EQ(dead.size(), 20u);
  for (std::size_t i = 0; i < dead.size(); ++i) EXPECT_EQ(dead[i].output_std, 0.0) << i;

  auto lecun = deep_tanh(Init::LeCunNormal);
  const auto before = lecun->parameters();
  const auto live = lecun->depth_stats(x, loss, t);
  // LeCun keeps tanh activations alive through 10 layers (each shrinks a little, measured
  // 0.63 after the first Tanh and 0.2-0.3 at the last) ...
  EXPECT_GT(live[1].output_std, 0.4);
  EXPECT_GT(live[19].output_std, 0.1);
  EXPECT_LT(live[19].output_std, live[1].output_std);
  // ... and the gradient reaches the first layer.
  EXPECT_GT(live[0].grad_std, 0.0);
  EXPECT_GT(live[19].grad_std, 0.0);
  EXPECT_EQ(lecun->parameters(), before);  // a probe, not a step
  for (float g : std::dynamic_pointer_cast<Linear>(lecun->at(0))->weight_grad()) EXPECT_EQ(g, 0.0f);

  // Zeros: every unit outputs 0, so no two units differ; LeCun's units do.
  for (std::size_t i = 0; i < dead.size(); ++i) EXPECT_EQ(dead[i].unit_range, 0.0) << i;
  for (std::size_t i = 0; i < live.size(); ++i) EXPECT_GT(live[i].unit_range, 0.0) << i;
}

TEST(DepthStats, SaturatedShareCountsTanhAndSigmoidOutputsOnTheirFlatEnds) {
  // One example, four units: tanh(x) for x = 0, 1, 1.5, -3 is 0, 0.76, 0.905, -0.995.
  Tensor x = zeros({1, 4});
  x(0, 1) = 1.0f;
  x(0, 2) = 1.5f;
  x(0, 3) = -3.0f;
  Tensor t = zeros({1});
  CrossEntropyLoss loss;
  Sequential net({std::make_shared<Tanh>(), std::make_shared<Sigmoid>(), std::make_shared<ReLU>()});
  const auto stats = net.depth_stats(x, loss, t);
  EXPECT_DOUBLE_EQ(stats[0].saturated, 0.5);  // 0.905 and -0.995 are past 0.9
  // sigmoid(tanh(x)) = 0.5, 0.68, 0.71, 0.27: none below 0.05 or above 0.95
  EXPECT_DOUBLE_EQ(stats[1].saturated, 0.0);
  EXPECT_DOUBLE_EQ(stats[2].saturated, -1.0);  // not a Tanh or Sigmoid
  EXPECT_NEAR(stats[0].unit_range, std::tanh(1.5) - std::tanh(-3.0), 1e-6);
}

}  // namespace
}  // namespace layerlab
