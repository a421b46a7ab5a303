// Writes native reference results as JSON on stdout for the WASM parity tests
// (tests/web/module/parity.test.ts, train-parity.test.ts): for fixed seeds, the weights, dropout
// masks and forward outputs of a few networks, and the loss of every step of a few 100-step
// training runs. Floats are printed with 9 significant digits, which round-trips
// float32 exactly.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "layerlab/layerlab.hpp"

using namespace layerlab;

namespace {

struct LayerDesc {
  std::string kind;  // linear | relu | sigmoid | tanh | softmax | flatten | dropout
  long in = 0, out = 0;
  bool bias = true;
  const char* init = "lecun";
  double p = 0;
};

struct Case {
  const char* name;
  std::uint64_t init_seed;     // ll.seed before constructing the layers, in order
  std::uint64_t forward_seed;  // ll.seed before the forward pass
  Shape input_shape;
  bool training;
  std::vector<LayerDesc> layers;
};

Init init_of(const std::string& s) {
  if (s == "xavier") return Init::XavierUniform;
  if (s == "he") return Init::HeNormal;
  if (s == "zeros") return Init::Zeros;
  return Init::LeCunNormal;
}

std::shared_ptr<Layer> make(const LayerDesc& d) {
  if (d.kind == "linear") return std::make_shared<Linear>(d.in, d.out, d.bias, init_of(d.init));
  if (d.kind == "relu") return std::make_shared<ReLU>();
  if (d.kind == "sigmoid") return std::make_shared<Sigmoid>();
  if (d.kind == "tanh") return std::make_shared<Tanh>();
  if (d.kind == "softmax") return std::make_shared<Softmax>();
  if (d.kind == "flatten") return std::make_shared<Flatten>();
  return std::make_shared<Dropout>(d.p);
}

void print_floats(const float* data, std::size_t n) {
  std::printf("[");
  for (std::size_t i = 0; i < n; ++i) std::printf(i ? ",%.9g" : "%.9g", static_cast<double>(data[i]));
  std::printf("]");
}

void print_shape(const Shape& s) {
  std::printf("[");
  for (std::size_t i = 0; i < s.size(); ++i) std::printf(i ? ",%zu" : "%zu", s[i]);
  std::printf("]");
}

void print_case(const Case& c, bool last) {
  global_rng().reseed(c.init_seed);
  Sequential net;
  for (const auto& d : c.layers) net.add(make(d));

  Rng input_rng(c.init_seed + 1000);
  Tensor x = zeros(c.input_shape);
  for (float& v : x) v = static_cast<float>(input_rng.normal());

  global_rng().reseed(c.forward_seed);
  const std::vector<Tensor> outputs = net.forward_trace(x, c.training);

  std::printf("{\"name\":\"%s\",\"initSeed\":%llu,\"forwardSeed\":%llu,\"training\":%s,\"inputShape\":",
              c.name, static_cast<unsigned long long>(c.init_seed),
              static_cast<unsigned long long>(c.forward_seed), c.training ? "true" : "false");
  print_shape(c.input_shape);
  std::printf(",\"layers\":[");
  for (std::size_t i = 0; i < c.layers.size(); ++i) {
    const auto& d = c.layers[i];
    std::printf("%s{\"kind\":\"%s\",\"in\":%ld,\"out\":%ld,\"bias\":%s,\"init\":\"%s\",\"p\":%.17g}", i ? "," : "",
                d.kind.c_str(), d.in, d.out, d.bias ? "true" : "false", d.init, d.p);
  }
  std::printf("],\"input\":");
  print_floats(x.data(), x.size());
  std::printf(",\"parameters\":[");
  const auto params = net.parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) std::printf(",");
    print_floats(params[i].data(), params[i].size());
  }
  std::printf("],\"masks\":[");
  bool first = true;
  for (std::size_t i = 0; i < net.size(); ++i) {
    if (auto* d = dynamic_cast<Dropout*>(net[i].get())) {
      std::printf(first ? "" : ",");
      first = false;
      print_floats(d->last_mask().data(), d->last_mask().size());
    }
  }
  std::printf("],\"outputs\":[");
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (i) std::printf(",");
    print_floats(outputs[i].data(), outputs[i].size());
  }
  std::printf("]}%s\n", last ? "" : ",");
}

struct TrainCase {
  const char* name;
  const char* optimizer;  // sgd | adam
  std::uint64_t seed;     // ll.seed before constructing the layers; masks follow from it
  std::vector<LayerDesc> layers;
};

constexpr std::size_t kSamples = 64, kFeatures = 20, kClasses = 4, kBatch = 16, kSteps = 100;

// 100 steps over a fixed data set (64 samples, batches of 16 in order, labels from a fixed
// projection): the losses and the final parameters.
void print_training(const TrainCase& c, bool last) {
  Rng data_rng(c.seed + 2000);
  Tensor x = zeros({kSamples, kFeatures}), t = zeros({kSamples});
  for (float& v : x) v = static_cast<float>(data_rng.normal());
  for (std::size_t i = 0; i < kSamples; ++i) {
    float best = -1e30f;
    for (std::size_t k = 0; k < kClasses; ++k) {
      float score = 0;
      for (std::size_t f = 0; f < kFeatures; ++f) score += x(i, f) * static_cast<float>((f * 7 + k * 3) % 5) - 2.0f;
      if (score > best) best = score, t(i) = static_cast<float>(k);
    }
  }
  global_rng().reseed(c.seed);
  auto net = std::make_shared<Sequential>();
  for (const auto& d : c.layers) net->add(make(d));
  CrossEntropyLoss loss;
  std::unique_ptr<Optimizer> opt;
  if (std::string(c.optimizer) == "adam") opt = std::make_unique<Adam>(net, AdamOptions{0.01, 0.9, 0.999, 1e-8, 0, false});
  else opt = std::make_unique<SGD>(net, SGDOptions{0.1, 0.9, 0, 1e-4, true});
  std::vector<float> losses;
  for (std::size_t s = 0; s < kSteps; ++s) {
    const std::size_t first = (s * kBatch) % kSamples;
    const Tensor xb = xt::view(x, xt::range(first, first + kBatch), xt::all());
    const Tensor tb = xt::view(t, xt::range(first, first + kBatch));
    losses.push_back(training::step(*net, loss, *opt, xb, tb).loss);
  }
  std::printf("{\"name\":\"%s\",\"optimizer\":\"%s\",\"seed\":%llu,\"batch\":%zu,\"layers\":[", c.name,
              c.optimizer, static_cast<unsigned long long>(c.seed), kBatch);
  for (std::size_t i = 0; i < c.layers.size(); ++i) {
    const auto& d = c.layers[i];
    std::printf("%s{\"kind\":\"%s\",\"in\":%ld,\"out\":%ld,\"bias\":%s,\"init\":\"%s\",\"p\":%.17g}", i ? "," : "",
                d.kind.c_str(), d.in, d.out, d.bias ? "true" : "false", d.init, d.p);
  }
  std::printf("],\"x\":");
  print_floats(x.data(), x.size());
  std::printf(",\"t\":");
  print_floats(t.data(), t.size());
  std::printf(",\"losses\":");
  print_floats(losses.data(), losses.size());
  std::printf(",\"parameters\":[");
  const auto params = net->parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i) std::printf(",");
    print_floats(params[i].data(), params[i].size());
  }
  std::printf("]}%s\n", last ? "" : ",");
}

}  // namespace

int main() {
  const std::vector<Case> cases = {
      {"course-mlp", 42, 7, {8, 784}, true,
       {{"linear", 784, 128}, {"relu"}, {"dropout", 0, 0, true, "lecun", 0.5},
        {"linear", 128, 64}, {"relu"}, {"dropout", 0, 0, true, "lecun", 0.3},
        {"linear", 64, 10}, {"softmax"}}},
      {"every-init", 1234, 99, {3, 5, 12}, true,
       {{"linear", 12, 33, true, "xavier"}, {"tanh"}, {"linear", 33, 17, false, "he"},
        {"sigmoid"}, {"dropout", 0, 0, true, "lecun", 0.25}, {"linear", 17, 4, true, "zeros"}}},
      {"flatten-eval", 5, 6, {4, 7, 7}, false,
       {{"flatten"}, {"linear", 49, 10}, {"relu"}, {"dropout", 0, 0, true, "lecun", 0.5}}},
  };
  const std::vector<TrainCase> training = {
      {"mlp-dropout-sgd-nesterov", "sgd", 21,
       {{"linear", 20, 32}, {"relu"}, {"dropout", 0, 0, true, "lecun", 0.2}, {"linear", 32, 16, true, "xavier"},
        {"tanh"}, {"linear", 16, 4}}},
      {"mlp-adam", "adam", 22,
       {{"linear", 20, 32, true, "he"}, {"sigmoid"}, {"linear", 32, 4, false}, {"softmax"}, {"linear", 4, 4}}},
  };
  std::printf("{\"cases\":[\n");
  for (std::size_t i = 0; i < cases.size(); ++i) print_case(cases[i], i + 1 == cases.size());
  std::printf("],\"training\":[\n");
  for (std::size_t i = 0; i < training.size(); ++i) print_training(training[i], i + 1 == training.size());
  std::printf("]}\n");
  return 0;
}
