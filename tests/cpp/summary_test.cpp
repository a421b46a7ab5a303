#include "test_util.hpp"

namespace layerlab {
namespace {

Sequential course_net() {
  return Sequential({std::make_shared<Linear>(784, 256), std::make_shared<ReLU>(),
                     std::make_shared<Dropout>(0.5), std::make_shared<Linear>(256, 128),
                     std::make_shared<ReLU>(), std::make_shared<Linear>(128, 10)});
}

TEST(Summary, RowsAndTotalsForTheCourseNetwork) {
  const Summary s = course_net().summary({32, 784});
  ASSERT_TRUE(s.ok()) << s.error;
  ASSERT_EQ(s.layers.size(), 6u);
  const std::vector<Shape> outs{{32, 256}, {32, 256}, {32, 256}, {32, 128}, {32, 128}, {32, 10}};
  const std::vector<std::uint64_t> params{200960, 0, 0, 32896, 0, 1290};
  const std::vector<std::uint64_t> macs{6422528, 0, 0, 1048576, 0, 40960};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(s.layers[i].index, i);
    EXPECT_EQ(*s.layers[i].output_shape, outs[i]) << i;
    EXPECT_EQ(s.layers[i].parameters, params[i]) << i;
    EXPECT_EQ(s.layers[i].multiply_adds, macs[i]) << i;
    EXPECT_EQ(s.layers[i].parameter_bytes, params[i] * 4) << i;
    EXPECT_EQ(s.layers[i].activation_bytes, element_count(outs[i]) * 4) << i;
    EXPECT_TRUE(s.layers[i].error.empty());
  }
  EXPECT_EQ(s.layers[0].name, "Linear(784, 256)");
  EXPECT_EQ(*s.layers[0].input_shape, (Shape{32, 784}));
  EXPECT_EQ(s.layers[2].name, "Dropout(p=0.5)");
  EXPECT_EQ(s.total_parameters, 235146u);
  EXPECT_EQ(s.total_parameter_bytes, 940584u);
  EXPECT_EQ(s.total_multiply_adds, 7512064u);
  EXPECT_EQ(s.total_activation_bytes, 4u * 32 * (256 * 3 + 128 * 2 + 10));
  EXPECT_EQ(s.input_bytes, 32u * 784 * 4);
  EXPECT_EQ(*s.output_shape, (Shape{32, 10}));
}

TEST(Summary, AMismatchIsReportedOnceAndLaterLayersAreNotComputable) {
  Sequential net({std::make_shared<Linear>(784, 256), std::make_shared<ReLU>(),
                  std::make_shared<Linear>(256, 128), std::make_shared<Linear>(256, 10),
                  std::make_shared<ReLU>()});
  const Summary s = net.summary({32, 784});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.error, "layer 3 Linear(256, 10) expects last dimension 256 but got (32, 128)");
  EXPECT_EQ(s.layers[3].error, s.error);
  EXPECT_EQ(*s.layers[3].input_shape, (Shape{32, 128}));
  EXPECT_FALSE(s.layers[3].output_shape);
  EXPECT_EQ(s.layers[3].parameters, 2570u);  // known without an input
  EXPECT_EQ(s.layers[3].multiply_adds, 0u);
  EXPECT_EQ(s.layers[4].error, "not computable: an earlier layer failed");
  EXPECT_FALSE(s.layers[4].input_shape);
  EXPECT_FALSE(s.output_shape);
  EXPECT_EQ(*s.layers[2].output_shape, (Shape{32, 128}));  // earlier rows stay valid
}

TEST(Summary, ActivationsOverTheLimitAreAnErrorNotAnAllocation) {
  Sequential net({std::make_shared<Linear>(4, 1 << 20)});
  const Summary s = net.summary({1024, 4});
  EXPECT_EQ(s.error,
            "layer 0 Linear(4, 1048576) output of shape (1024, 1048576) would need 4294967296 "
            "bytes, over the 2 GiB limit per tensor");
}

TEST(Summary, BadInputRankMakesEveryLayerNotComputable) {
  const Summary s = course_net().summary({1, 2, 3, 4, 784});
  EXPECT_EQ(s.error, "Sequential input must have rank 1 to 4 but got rank 5 (1, 2, 3, 4, 784)");
  for (const auto& row : s.layers) EXPECT_EQ(row.error, "not computable: an earlier layer failed");
  EXPECT_EQ(s.total_parameters, 235146u);
}

TEST(Summary, ThreeDimensionalInputCountsEveryRow) {
  Sequential net({std::make_shared<Linear>(8, 4)});
  const Summary s = net.summary({2, 5, 8});
  EXPECT_EQ(*s.output_shape, (Shape{2, 5, 4}));
  EXPECT_EQ(s.layers[0].multiply_adds, 2u * 5 * 8 * 4);
}

}  // namespace
}  // namespace layerlab
