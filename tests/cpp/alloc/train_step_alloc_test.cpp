// A warm training step allocates nothing. This file replaces the global operator new to count
// allocations, so it builds into its own test binary (layerlab_alloc_tests).
#include <atomic>
#include <cstdlib>
#include <new>

#include "../test_util.hpp"

// GCC cannot see that the replaced new and delete pair up through malloc and free.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace
void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace layerlab {
namespace {

TEST(Train, AWarmStepAllocatesNothing) {
  global_rng().reseed(5);
  auto net = std::make_shared<Sequential>();
  net->add(std::make_shared<Flatten>());
  net->add(std::make_shared<Linear>(12, 16));
  net->add(std::make_shared<ReLU>());
  net->add(std::make_shared<Dropout>(0.5));
  net->add(std::make_shared<Linear>(16, 8));
  net->add(std::make_shared<Sigmoid>());
  net->add(std::make_shared<Linear>(8, 3));
  net->add(std::make_shared<Softmax>());
  net->add(std::make_shared<Linear>(3, 3));
  CrossEntropyLoss loss;
  Tensor x = test::random_tensor({4, 3, 4}, 1);
  Tensor t = zeros({4});
  for (auto* opt_ptr : {static_cast<Optimizer*>(new SGD(net, {0.1, 0.9, 0, 1e-4, true})),
                        static_cast<Optimizer*>(new Adam(net, {}))}) {
    std::unique_ptr<Optimizer> opt(opt_ptr);
    training::step(*net, loss, *opt, x, t);  // warm: buffers, gradients, optimizer state
    training::step(*net, loss, *opt, x, t);
    const std::size_t before = allocations.load();
    for (int s = 0; s < 10; ++s) training::step(*net, loss, *opt, x, t);
    EXPECT_EQ(allocations.load() - before, 0u) << opt->name();
  }
}

}  // namespace
}  // namespace layerlab
