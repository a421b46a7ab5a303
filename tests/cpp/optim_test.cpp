// Optimizers against PyTorch 1.13's update formulas, written out step by step in double
// (torch/optim/sgd.py, adam.py, adamw.py), on fixed parameters and a fixed gradient sequence.
#include <cmath>

#include "test_util.hpp"

namespace layerlab {
namespace {

// A layer that is only parameters: values and gradients the test sets directly.
class Params final : public Layer {
 public:
  explicit Params(std::vector<std::vector<float>> values) : values_(std::move(values)) {
    for (const auto& v : values_) {
      grads_.emplace_back(v.size(), 0.0f);
      told_.emplace_back(v.size(), 0);
    }
  }
  std::string name() const override { return "Params()"; }
  void collect_parameters(std::vector<ParameterRef>& out) override {
    for (std::size_t i = 0; i < values_.size(); ++i)
      out.push_back({values_[i].data(), grads_[i].data(), values_[i].size(), this, "weight"});
  }
  void zero_grad() override {
    for (auto& g : grads_) std::fill(g.begin(), g.end(), 0.0f);
  }
  void values_updated(const ParameterRef& p, std::size_t begin, std::size_t end) override {
    for (std::size_t i = 0; i < values_.size(); ++i)
      if (p.value == values_[i].data())
        for (std::size_t j = begin; j < end; ++j) ++told_[i][j];
  }

  std::vector<std::vector<float>> values_, grads_;
  std::vector<std::vector<int>> told_;  // how often each value was reported as updated

 private:
  Shape infer_shape(const Shape& s) const override { return s; }
  Tensor compute(const Tensor& x, bool) override { return x; }
  const Tensor& train_forward(const Tensor& x) override { return x; }
  const Tensor& train_backward(const Tensor& dy, bool) override { return dy; }
};

using Values = std::vector<std::vector<float>>;
const Values kStart = {{0.5f, -1.25f, 2.0f}, {0.1f}};
// Gradients of steps 1, 2, 3 for each parameter.
const std::vector<Values> kGrads = {
    {{0.3f, -0.2f, 0.05f}, {1.0f}}, {{-0.1f, 0.4f, 0.0f}, {-2.0f}}, {{0.25f, 0.25f, -0.5f}, {0.5f}}};

struct Case {
  Values start;
  std::vector<Values> grads;  // steps 1, 2, 3
};
const Case kSmall{kStart, kGrads};

// A parameter far larger than the part an optimizer updates at a time (and not a multiple of
// it), then a small one: the parts must add up to exactly one update per value.
Case large_case() {
  Case c;
  Rng rng(7);
  auto values = [&](std::size_t n) {
    std::vector<float> v(n);
    for (auto& x : v) x = static_cast<float>(rng.uniform() * 2 - 1);
    return v;
  };
  c.start = {values(20003), values(5)};
  for (int t = 0; t < 3; ++t) c.grads.push_back({values(20003), values(5)});
  return c;
}

void expect_each_value_told(const Params& p, int times) {
  for (std::size_t i = 0; i < p.told_.size(); ++i)
    for (std::size_t j = 0; j < p.told_[i].size(); ++j)
      ASSERT_EQ(p.told_[i][j], times) << "parameter " << i << "[" << j << "]";
}

void set_grads(Params& p, std::size_t step) { p.grads_ = kGrads[step]; }

void expect_params(const Params& p, const std::vector<std::vector<double>>& want, int step) {
  for (std::size_t i = 0; i < want.size(); ++i)
    for (std::size_t j = 0; j < want[i].size(); ++j)
      EXPECT_NEAR(p.values_[i][j], want[i][j], 2e-6 * std::max(1.0, std::fabs(want[i][j])))
          << "step " << step << " parameter " << i << "[" << j << "]";
}

void check_sgd(const SGDOptions& o, const Case& c = kSmall) {
  auto net = std::make_shared<Params>(c.start);
  SGD opt(net, o);
  std::vector<std::vector<double>> p, buf;
  for (const auto& v : c.start) p.emplace_back(v.begin(), v.end());
  buf = p;  // shape only
  for (int t = 0; t < 3; ++t) {
    net->grads_ = c.grads[t];
    opt.step();
    for (std::size_t i = 0; i < p.size(); ++i)
      for (std::size_t j = 0; j < p[i].size(); ++j) {
        double d = c.grads[t][i][j] + o.weight_decay * p[i][j];
        if (o.momentum != 0) {
          buf[i][j] = t == 0 ? d : o.momentum * buf[i][j] + (1 - o.dampening) * d;
          d = o.nesterov ? d + o.momentum * buf[i][j] : buf[i][j];
        }
        p[i][j] -= o.lr * d;
      }
    expect_params(*net, p, t + 1);
  }
  expect_each_value_told(*net, 3);
  EXPECT_EQ(opt.steps(), 3u);
}

TEST(Optim, SgdPlain) { check_sgd({0.1, 0, 0, 0, false}); }
TEST(Optim, SgdMomentumStartsItsBufferWithTheFirstGradient) { check_sgd({0.1, 0.9, 0, 0, false}); }
TEST(Optim, SgdDampening) { check_sgd({0.05, 0.8, 0.3, 0, false}); }
TEST(Optim, SgdNesterov) { check_sgd({0.1, 0.9, 0, 0, true}); }
TEST(Optim, SgdWeightDecayIsAddedToTheGradient) { check_sgd({0.1, 0.9, 0, 0.01, false}); }
TEST(Optim, SgdMomentumOnALargeParameterUpdatedInParts) {
  check_sgd({0.1, 0.9, 0, 0.01, true}, large_case());
}

void check_adam(const AdamOptions& o, const Case& c = kSmall) {
  auto net = std::make_shared<Params>(c.start);
  Adam opt(net, o);
  std::vector<std::vector<double>> p, m, v;
  for (const auto& x : c.start) {
    p.emplace_back(x.begin(), x.end());
    m.emplace_back(x.size(), 0.0);
    v.emplace_back(x.size(), 0.0);
  }
  for (int t = 1; t <= 3; ++t) {
    net->grads_ = c.grads[t - 1];
    opt.step();
    const double bc1 = 1 - std::pow(o.beta1, t), bc2 = 1 - std::pow(o.beta2, t);
    for (std::size_t i = 0; i < p.size(); ++i)
      for (std::size_t j = 0; j < p[i].size(); ++j) {
        double g = c.grads[t - 1][i][j];
        if (o.decoupled) p[i][j] *= 1 - o.lr * o.weight_decay;  // AdamW
        else g += o.weight_decay * p[i][j];                     // Adam (L2)
        m[i][j] = o.beta1 * m[i][j] + (1 - o.beta1) * g;
        v[i][j] = o.beta2 * v[i][j] + (1 - o.beta2) * g * g;
        const double denom = std::sqrt(v[i][j]) / std::sqrt(bc2) + o.eps;
        p[i][j] -= (o.lr / bc1) * m[i][j] / denom;
      }
    expect_params(*net, p, t);
  }
  expect_each_value_told(*net, 3);
}

TEST(Optim, AdamBiasCorrectedMoments) { check_adam({1e-2, 0.9, 0.999, 1e-8, 0, false}); }
TEST(Optim, AdamOtherBetasAndEps) { check_adam({0.1, 0.5, 0.9, 1e-3, 0, false}); }
TEST(Optim, AdamCoupledWeightDecay) { check_adam({1e-2, 0.9, 0.999, 1e-8, 0.1, false}); }
TEST(Optim, AdamWDecoupledWeightDecay) { check_adam({1e-2, 0.9, 0.999, 1e-8, 0.1, true}); }
TEST(Optim, AdamOnALargeParameterUpdatedInParts) {
  check_adam({1e-2, 0.9, 0.999, 1e-8, 0.1, false}, large_case());
}

TEST(Optim, FirstAdamStepMovesEachWeightByAboutLr) {
  // m̂ / √v̂ = g / |g| at t = 1: the well-known sign-like first step.
  auto net = std::make_shared<Params>(kStart);
  Adam opt(net, {0.01, 0.9, 0.999, 1e-8, 0, false});
  set_grads(*net, 0);
  opt.step();
  EXPECT_NEAR(net->values_[0][0], 0.5 - 0.01, 1e-6);
  EXPECT_NEAR(net->values_[0][1], -1.25 + 0.01, 1e-6);
}

TEST(Optim, NamesReadLikePyTorch) {
  auto net = std::make_shared<Params>(kStart);
  EXPECT_EQ(SGD(net, {0.1, 0.9, 0, 0, true}).name(), "SGD(lr=0.1, momentum=0.9, nesterov=True)");
  EXPECT_EQ(Adam(net, {}).name(), "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)");
  AdamOptions w;
  w.decoupled = true;
  w.weight_decay = 0.01;
  EXPECT_EQ(Adam(net, w).name(), "AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)");
}

TEST(Optim, RefusesBadOptions) {
  auto net = std::make_shared<Params>(kStart);
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { SGD(net, {-0.1, 0, 0, 0, false}); }),
            "SGD: lr must be a finite number >= 0 but got -0.1");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { SGD(net, {1e300, 0, 0, 0, false}); }),
            "SGD: lr must be a finite number >= 0 but got 1e+300");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { SGD(net, {NAN, 0, 0, 0, false}); }),
            "SGD: lr must be a finite number >= 0 but got NaN");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { SGD(net, {0.1, 0, 0, 0, true}); }),
            "SGD: nesterov needs a momentum > 0 and zero dampening");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { Adam(net, {0.1, 1.0, 0.999, 1e-8, 0, false}); }),
            "Adam: beta1 must be in [0, 1) but got 1");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { Adam(net, {0.1, 0.9, 0.999, -1, 0, false}); }),
            "Adam: eps must be a finite number >= 0 but got -1");
  SGD opt(net, {0.1, 0, 0, 0, false});
  EXPECT_THROW(opt.set_lr(-1), std::invalid_argument);
  EXPECT_EQ(opt.lr(), 0.1);
  opt.set_lr(0.5);
  EXPECT_EQ(opt.lr(), 0.5);
}

TEST(Optim, NonFiniteGradientsChangeNothing) {
  auto net = std::make_shared<Params>(kStart);
  SGD opt(net, {0.1, 0.9, 0, 0, false});
  net->grads_ = {{0.0f, NAN, 0.0f}, {0.0f}};
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { opt.step(); }),
            "SGD: parameter 0 (Params() weight) has a non-finite gradient; step skipped, "
            "parameters unchanged");
  EXPECT_EQ(net->values_, kStart);
  EXPECT_EQ(opt.steps(), 0u);
}

TEST(Optim, AGradientThatOverflowedInBackwardChangesNothing) {
  // Linear proves its gradients finite from a bound instead of reading them; a backward whose
  // products overflow float (1e30 · 1e30) must not slip past that proof.
  auto lin = std::make_shared<Linear>(8, 8);
  auto net = std::make_shared<Sequential>();
  net->add(lin);
  lin->set_weight(test::filled({8, 8}, 1e-31f));
  SGD opt(net, {0.1, 0, 0, 0, false});
  net->zero_grad();
  net->forward(test::filled({1, 8}, 1e30f), true);
  net->backward(test::filled({1, 8}, 1e30f));
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { opt.step(); }),
            "SGD: parameter 0 (Linear(8, 8) weight) has a non-finite gradient; step skipped, "
            "parameters unchanged");
  EXPECT_EQ(lin->weight(), test::filled({8, 8}, 1e-31f));
}

TEST(Optim, AnUpdateThatOverflowsIsReported) {
  auto net = std::make_shared<Params>(kStart);
  SGD opt(net, {1e38, 0, 0, 0, false});
  net->grads_ = {{1e10f, 0, 0}, {0}};
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { opt.step(); }),
            "SGD: parameter 0 (Params() weight) became non-finite at step 1: the learning rate is "
            "too large for this network");
}

TEST(Optim, RefusesANetworkWhoseParametersChanged) {
  auto net = std::make_shared<Sequential>();
  net->add(std::make_shared<Linear>(2, 2));
  SGD opt(net, {0.1, 0, 0, 0, false});
  net->add(std::make_shared<Linear>(2, 1));
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { opt.step(); }),
            "SGD: the network's parameters changed since this optimizer was made (2 then, 4 now); "
            "make a new optimizer for the edited network");
}

}  // namespace
}  // namespace layerlab
