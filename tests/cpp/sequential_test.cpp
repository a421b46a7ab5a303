#include "test_util.hpp"

namespace layerlab {
namespace {

std::shared_ptr<Layer> linear(int in, int out) { return std::make_shared<Linear>(in, out); }

Sequential mnist_mlp() {
  return Sequential({linear(784, 256), std::make_shared<ReLU>(), linear(256, 128),
                     std::make_shared<ReLU>(), linear(128, 10)});
}

std::vector<std::string> names(const Sequential& net) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < net.size(); ++i) out.push_back(net[i]->name());
  return out;
}

TEST(Sequential, CountsParametersLikeTorchinfo) {
  EXPECT_EQ(mnist_mlp().parameter_count(), 235146u);
  EXPECT_EQ(mnist_mlp().parameters().size(), 6u);
}

TEST(Sequential, ParametersAreCollectedInOrder) {
  Sequential net({linear(3, 4), std::make_shared<ReLU>(), std::make_shared<Linear>(4, 2, false)});
  const auto params = net.parameters();
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(shape_of(params[0]), (Shape{3, 4}));
  EXPECT_EQ(shape_of(params[1]), (Shape{4}));
  EXPECT_EQ(shape_of(params[2]), (Shape{4, 2}));
}

TEST(Sequential, EditsAddInsertRemoveMove) {
  Sequential net;
  net.add(std::make_shared<ReLU>());
  net.add(std::make_shared<Tanh>());
  net.insert(0, std::make_shared<Sigmoid>());
  net.insert(3, std::make_shared<Softmax>());
  EXPECT_EQ(names(net), (std::vector<std::string>{"Sigmoid()", "ReLU()", "Tanh()", "Softmax(dim=-1)"}));
  net.move(0, 2);
  EXPECT_EQ(names(net), (std::vector<std::string>{"ReLU()", "Tanh()", "Sigmoid()", "Softmax(dim=-1)"}));
  net.move(3, 0);
  EXPECT_EQ(names(net), (std::vector<std::string>{"Softmax(dim=-1)", "ReLU()", "Tanh()", "Sigmoid()"}));
  net.remove(1);
  EXPECT_EQ(names(net), (std::vector<std::string>{"Softmax(dim=-1)", "Tanh()", "Sigmoid()"}));
  EXPECT_EQ(net.size(), 3u);
}

TEST(Sequential, BadIndicesThrowAndChangeNothing) {
  Sequential net({std::make_shared<ReLU>()});
  EXPECT_EQ(test::error_of<std::out_of_range>([&] { net.remove(1); }),
            "Sequential: remove 1 is out of range for 1 layers");
  EXPECT_EQ(test::error_of<std::out_of_range>([&] { net.move(0, 5); }),
            "Sequential: move to 5 is out of range for 1 layers");
  EXPECT_EQ(test::error_of<std::out_of_range>([&] { net.insert(2, std::make_shared<Tanh>()); }),
            "Sequential: insert 2 is out of range for 1 layers");
  EXPECT_EQ(test::error_of<std::out_of_range>([&] { net.at(3); }),
            "Sequential: index 3 is out of range for 1 layers");
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { net.add(nullptr); }),
            "Sequential: cannot add a null layer");
  EXPECT_EQ(names(net), (std::vector<std::string>{"ReLU()"}));
}

TEST(Sequential, ForwardEqualsLayerByLayerAndTraceHasEveryOutput) {
  global_rng().reseed(5);
  Sequential net = mnist_mlp();
  const Tensor x = test::random_tensor({4, 784}, 8);
  Tensor h = x;
  for (std::size_t i = 0; i < net.size(); ++i) h = net[i]->forward(h, false);
  const Tensor y = net.forward(x, false);  // fused Linear+ReLU path
  ASSERT_EQ(shape_of(y), (Shape{4, 10}));
  for (std::size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y.data()[i], h.data()[i], 1e-5);
  const auto trace = net.forward_trace(x, false);
  ASSERT_EQ(trace.size(), 5u);
  EXPECT_EQ(shape_of(trace[0]), (Shape{4, 256}));
  EXPECT_EQ(shape_of(trace[3]), (Shape{4, 128}));
  EXPECT_EQ(trace[4], y);
}

TEST(Sequential, ShapeMismatchNamesPositionLayerAndShapes) {
  Sequential net({linear(784, 256), std::make_shared<ReLU>(), linear(256, 128), linear(256, 10)});
  const std::string want = "layer 3 Linear(256, 10) expects last dimension 256 but got (32, 128)";
  EXPECT_EQ(test::error_of<ShapeError>([&] { net.output_shape({32, 784}); }), want);
  EXPECT_EQ(test::error_of<ShapeError>([&] { net.forward(zeros({32, 784}), false); }), want);
}

TEST(Sequential, DropoutInsideFollowsTheTrainingFlag) {
  auto drop = std::make_shared<Dropout>(0.5);
  Sequential net({drop});
  const Tensor x = test::filled({10, 10}, 1.0f);
  EXPECT_EQ(net.forward(x, false), x);
  const Tensor y = net.forward(x, true);
  EXPECT_NE(y, x);
  for (std::size_t i = 0; i < y.size(); ++i) EXPECT_EQ(y.data()[i], 2.0f * drop->last_mask().data()[i]);
}

// Found by fuzzing: a cycle through nesting made name(), summary() and forward() recurse forever.
TEST(Sequential, RefusesCyclesThroughNesting) {
  auto a = std::make_shared<Sequential>();
  auto b = std::make_shared<Sequential>();
  a->add(b);
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { b->add(a); }), "Sequential: cannot contain itself");
  auto c = std::make_shared<Sequential>();
  b->add(c);
  EXPECT_THROW(c->insert(0, a), std::invalid_argument);
  EXPECT_EQ(b->size(), 1u);
  EXPECT_EQ(c->size(), 0u);
  EXPECT_EQ(a->name(), "Sequential(Sequential(Sequential()))");
}

TEST(Sequential, EmptyNetworkIsTheIdentity) {
  Sequential net;
  const Tensor x = test::random_tensor({2, 3}, 1);
  EXPECT_EQ(net.forward(x, true), x);
  EXPECT_EQ(net.output_shape({2, 3}), (Shape{2, 3}));
  EXPECT_EQ(net.parameter_count(), 0u);
}

TEST(Sequential, SharedLayersStayAliveAfterTheCallerDropsThem) {
  Sequential net;
  {
    auto lin = std::make_shared<Linear>(2, 2);
    net.add(lin);
  }
  EXPECT_EQ(net[0]->name(), "Linear(2, 2)");
  EXPECT_EQ(shape_of(net.forward(zeros({1, 2}), false)), (Shape{1, 2}));
}

}  // namespace
}  // namespace layerlab
