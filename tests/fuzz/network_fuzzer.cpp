// libFuzzer target for the layerlab core, through its public C++ API only.
//
// Each input is a small program: it builds layers with random (often absurd) arguments, edits a
// Sequential (add, insert, remove, move, replace, set_p, set_weight, set_bias, nesting), then asks
// for summaries and runs forward / forward_trace on random inputs. The only acceptable outcomes
// of a call are a clean result or a documented exception (std::invalid_argument, which includes
// layerlab::ShapeError, and std::out_of_range). Any other exception escapes to libFuzzer, and the
// harness aborts when an invariant fails (expected refusal vs. acceptance, summary vs. forward,
// per-layer output values, edits leaving the list unchanged on error, ...).
//
// Work per input is bounded: at most kMaxOps operations, kMaxLayers layers per Sequential,
// kMaxElements elements in any tensor the harness builds, kMaxParams parameters per Linear and
// kMaxActivationBytes of activations per forward pass. Absurd sizes are still passed where they
// must not allocate: to layer constructors that must refuse them, and to summary() and
// output_shape().
//
// Build: clang++ -fsanitize=fuzzer,address,undefined (scripts/fuzz.sh), or with
// tests/fuzz/replay_main.cpp for the corpus replay in the normal build.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "layerlab/layerlab.hpp"

namespace {

namespace ll = layerlab;
using ll::Shape;
using ll::Tensor;

constexpr std::size_t kMaxOps = 48;
constexpr std::size_t kMaxLayers = 16;                     // per Sequential
constexpr std::uint64_t kMaxElements = 1u << 16;           // any tensor the harness builds
constexpr std::uint64_t kMaxParams = 1u << 16;             // per Linear the harness keeps
constexpr std::uint64_t kMaxActivationBytes = 4u << 20;    // per forward pass (summary total)
constexpr std::uint64_t kMaxLinearCheckWork = 1u << 18;    // rows * in * out for the double check

[[noreturn]] void fail(const char* what, int line) {
  std::fprintf(stderr, "network_fuzzer: invariant violated at line %d: %s\n", line, what);
  std::fflush(stderr);
  std::abort();
}
#define FUZZ_CHECK(cond)                \
  do {                                  \
    if (!(cond)) fail(#cond, __LINE__); \
  } while (0)
// The same, printing `context` (a std::string expression, only evaluated on failure) first.
#define FUZZ_CHECK_CTX(cond, context)                                         \
  do {                                                                        \
    if (!(cond)) {                                                            \
      std::fprintf(stderr, "network_fuzzer: %s\n", std::string(context).c_str()); \
      fail(#cond, __LINE__);                                                  \
    }                                                                         \
  } while (0)

// Runs f; true if it returned, false if it threw a documented exception. Anything else escapes.
template <class F>
bool attempt(F&& f) {
  try {
    f();
    return true;
  } catch (const std::invalid_argument&) {  // also layerlab::ShapeError
    return false;
  } catch (const std::out_of_range&) {
    return false;
  }
}

bool same_float(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool all_finite(const Tensor& t) {
  for (float v : t) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

bool same_values(const Tensor& a, const Tensor& b) {
  if (ll::shape_of(a) != ll::shape_of(b)) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_float(a.data()[i], b.data()[i])) return false;
  }
  return true;
}

// ---- random arguments ----------------------------------------------------------------------

std::int64_t pick_size(FuzzedDataProvider& fdp) {  // a Linear size
  switch (fdp.ConsumeIntegralInRange<int>(0, 15)) {
    case 0: return 0;
    case 1: return -fdp.ConsumeIntegralInRange<std::int64_t>(1, 4);
    case 2: return std::numeric_limits<std::int64_t>::min();
    case 3: return std::numeric_limits<std::int64_t>::max();
    case 4: return std::int64_t{1} << fdp.ConsumeIntegralInRange<int>(16, 62);
    case 5: return fdp.ConsumeIntegral<std::int64_t>();
    case 6: return fdp.ConsumeIntegralInRange<std::int64_t>(1, 1024);
    default: return fdp.ConsumeIntegralInRange<std::int64_t>(1, 12);
  }
}

std::size_t pick_dim(FuzzedDataProvider& fdp) {  // a tensor dimension
  switch (fdp.ConsumeIntegralInRange<int>(0, 15)) {
    case 0: return 0;
    case 1: return std::numeric_limits<std::size_t>::max();
    case 2: return std::size_t{1} << fdp.ConsumeIntegralInRange<int>(16, 63);
    case 3: return fdp.ConsumeIntegral<std::size_t>();
    case 4: return fdp.ConsumeIntegralInRange<std::size_t>(1, 300);
    default: return fdp.ConsumeIntegralInRange<std::size_t>(1, 12);
  }
}

// An index for an edit: usually valid, sometimes one past the end or absurd.
std::size_t pick_index(FuzzedDataProvider& fdp, std::size_t size) {
  switch (fdp.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: return size;
    case 1: return size + 1;
    case 2: return std::numeric_limits<std::size_t>::max();
    case 3: return fdp.ConsumeIntegral<std::size_t>();
    default: return size ? fdp.ConsumeIntegralInRange<std::size_t>(0, size - 1) : 0;
  }
}

double pick_p(FuzzedDataProvider& fdp) {
  switch (fdp.ConsumeIntegralInRange<int>(0, 15)) {
    case 0: return 0.0;
    case 1: return 1.0;
    case 2: return -0.0;
    case 3: return std::numeric_limits<double>::quiet_NaN();
    case 4: return std::numeric_limits<double>::infinity();
    case 5: return -std::numeric_limits<double>::infinity();
    case 6: return -fdp.ConsumeProbability<double>();
    case 7: return 1.0 + fdp.ConsumeProbability<double>() + 1e-12;
    case 8: return std::nextafter(1.0, 0.0);
    case 9: return std::numeric_limits<double>::denorm_min();
    case 10: return fdp.ConsumeFloatingPoint<double>();
    default: return fdp.ConsumeProbability<double>();
  }
}

Shape pick_shape(FuzzedDataProvider& fdp, int max_rank = 5) {
  Shape shape(static_cast<std::size_t>(fdp.ConsumeIntegralInRange<int>(0, max_rank)));
  for (auto& d : shape) d = pick_dim(fdp);
  return shape;
}

// Whether the harness may build a tensor of this shape: at most kMaxElements elements, with
// 0 dimensions counted as 1 (an empty tensor with absurd other dimensions is refused by the core
// and must not be built by hand either: xtensor's strides would overflow).
bool buildable(const Shape& shape) {
  std::uint64_t n = 1;
  for (std::size_t d : shape) {
    n = ll::mul_sat(n, d == 0 ? 1 : d);
  }
  return n <= kMaxElements;
}

// Values from a seed (so a large tensor costs few input bytes), plus a few special values.
std::vector<float> pick_values(FuzzedDataProvider& fdp, std::size_t count, bool allow_nonfinite) {
  std::vector<float> v(count, 0.0f);
  const int mode = fdp.ConsumeIntegralInRange<int>(0, 4);
  if (mode > 0 && count > 0) {
    static const float kScales[] = {1.0f, 1e3f, 1e20f, 3e38f};
    const float scale = kScales[mode - 1];
    std::uint64_t state = fdp.ConsumeIntegral<std::uint64_t>() | 1u;
    for (auto& x : v) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      const double u = static_cast<double>(state >> 11) * 0x1.0p-53;  // [0, 1)
      x = static_cast<float>((2.0 * u - 1.0) * scale);
    }
  }
  const int specials = fdp.ConsumeIntegralInRange<int>(0, 3);
  for (int s = 0; s < specials && count > 0; ++s) {
    static const float kFinite[] = {0.0f, -0.0f, 1.0f, -1.0f, 3.4e38f, -3.4e38f, 1e-45f, 88.8f,
                                    -104.0f};
    static const float kNonFinite[] = {std::numeric_limits<float>::quiet_NaN(),
                                       std::numeric_limits<float>::infinity(),
                                       -std::numeric_limits<float>::infinity()};
    const std::size_t at = fdp.ConsumeIntegralInRange<std::size_t>(0, count - 1);
    if (allow_nonfinite && fdp.ConsumeBool()) {
      v[at] = kNonFinite[fdp.ConsumeIntegralInRange<int>(0, 2)];
    } else {
      v[at] = kFinite[fdp.ConsumeIntegralInRange<int>(0, 8)];
    }
  }
  return v;
}

// A tensor of this shape with random values, or nothing if the shape is not buildable.
std::unique_ptr<Tensor> pick_tensor(FuzzedDataProvider& fdp, const Shape& shape,
                                    bool allow_nonfinite) {
  if (!buildable(shape)) {
    // Too big to build here; if the core refuses the shape, its factories must refuse it
    // before allocating anything.
    const bool valid = attempt([&] { ll::check_shape(shape, "tensor"); });
    if (!valid) {
      FUZZ_CHECK(!attempt([&] { (void)ll::zeros(shape); }));
      FUZZ_CHECK(!attempt([&] { (void)ll::from_data(nullptr, 0, shape); }));
      return nullptr;
    }
    if (std::find(shape.begin(), shape.end(), std::size_t{0}) == shape.end()) return nullptr;
    // Empty, so free to build however large the other dimensions are.
    Tensor t;
    FUZZ_CHECK(attempt([&] { t = ll::zeros(shape); }));
    FUZZ_CHECK(ll::shape_of(t) == shape && t.size() == 0);
    return std::make_unique<Tensor>(std::move(t));
  }
  std::uint64_t n = 1;
  for (std::size_t d : shape) n *= d;  // no overflow: buildable
  if (std::find(shape.begin(), shape.end(), std::size_t{0}) != shape.end()) n = 0;
  const std::vector<float> values = pick_values(fdp, static_cast<std::size_t>(n), allow_nonfinite);
  if (shape.empty() || shape.size() > ll::kMaxRank) {
    // from_data refuses these; build one by hand to test that forward refuses it too.
    auto t = std::make_unique<Tensor>(Tensor::from_shape(shape));
    std::copy(values.begin(), values.end(), t->data());
    return t;
  }
  Tensor t;
  FUZZ_CHECK(attempt([&] { t = ll::from_data(values.data(), values.size(), shape); }));
  FUZZ_CHECK(ll::shape_of(t) == shape);
  return std::make_unique<Tensor>(std::move(t));
}

// ---- layers --------------------------------------------------------------------------------

bool linear_should_build(std::int64_t in, std::int64_t out, bool bias) {
  if (in <= 0 || out <= 0) return false;
  const auto i = static_cast<std::uint64_t>(in), o = static_cast<std::uint64_t>(out);
  const std::uint64_t count = ll::add_sat(ll::mul_sat(i, o), bias ? o : 0);
  return ll::mul_sat(count, sizeof(float)) <= ll::kMaxTensorBytes;
}

std::shared_ptr<ll::Linear> make_linear(FuzzedDataProvider& fdp, std::int64_t in,
                                        std::int64_t out) {
  const bool bias = fdp.ConsumeBool();
  const auto init = static_cast<ll::Init>(fdp.ConsumeIntegralInRange<int>(0, 3));
  const bool expected = linear_should_build(in, out, bias);
  if (expected && static_cast<std::uint64_t>(in) * static_cast<std::uint64_t>(out) > kMaxParams) {
    return nullptr;  // valid but too big to be worth allocating here
  }
  std::shared_ptr<ll::Linear> layer;
  const bool built = attempt([&] { layer = std::make_shared<ll::Linear>(in, out, bias, init); });
  FUZZ_CHECK(built == expected);
  if (!built) return nullptr;
  FUZZ_CHECK(layer->in_features() == static_cast<std::size_t>(in));
  FUZZ_CHECK(layer->out_features() == static_cast<std::size_t>(out));
  FUZZ_CHECK(layer->has_bias() == bias);
  FUZZ_CHECK(layer->init() == init);
  FUZZ_CHECK(layer->name() == "Linear(" + std::to_string(in) + ", " + std::to_string(out) +
                                  (bias ? ")" : ", bias=False)"));
  FUZZ_CHECK(layer->parameter_count() ==
             static_cast<std::uint64_t>(in) * static_cast<std::uint64_t>(out) +
                 (bias ? static_cast<std::uint64_t>(out) : 0));
  FUZZ_CHECK(all_finite(Tensor(layer->weight())));
  for (float b : layer->bias()) FUZZ_CHECK(b == 0.0f);
  return layer;
}

bool p_valid(double p) { return !std::isnan(p) && p >= 0.0 && p <= 1.0; }

std::shared_ptr<ll::Layer> make_layer(FuzzedDataProvider& fdp) {
  switch (fdp.ConsumeIntegralInRange<int>(0, 8)) {
    case 0:
    case 1: {
      const std::int64_t in = pick_size(fdp), out = pick_size(fdp);
      return make_linear(fdp, in, out);
    }
    case 2: return std::make_shared<ll::ReLU>();
    case 3: return std::make_shared<ll::Sigmoid>();
    case 4: return std::make_shared<ll::Tanh>();
    case 5: return std::make_shared<ll::Softmax>();
    case 6: return std::make_shared<ll::Flatten>();
    default: {
      const double p = pick_p(fdp);
      std::shared_ptr<ll::Dropout> layer;
      const bool built = attempt([&] { layer = std::make_shared<ll::Dropout>(p); });
      FUZZ_CHECK(built == p_valid(p));
      if (built) FUZZ_CHECK(layer->p() == p);
      return layer;
    }
  }
}

// Whether `outer` is `target` or holds it at any depth.
bool reaches(const ll::Layer* outer, const ll::Layer* target) {
  if (outer == target) return true;
  const auto* seq = dynamic_cast<const ll::Sequential*>(outer);
  if (!seq) return false;
  for (std::size_t i = 0; i < seq->size(); ++i) {
    if (reaches(seq->at(i).get(), target)) return true;
  }
  return false;
}

// How many times `layer` runs in one forward pass of `seq`.
std::size_t occurrences(const ll::Sequential& seq, const ll::Layer* layer) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const ll::Layer* l = seq.at(i).get();
    if (l == layer) ++n;
    if (const auto* inner = dynamic_cast<const ll::Sequential*>(l)) n += occurrences(*inner, layer);
  }
  return n;
}

// ---- a Sequential with a shadow copy of its list -------------------------------------------

struct Net {
  std::shared_ptr<ll::Sequential> seq = std::make_shared<ll::Sequential>();
  std::vector<std::shared_ptr<ll::Layer>> shadow;

  void check_list() const {
    FUZZ_CHECK(seq->size() == shadow.size());
    std::string name = "Sequential(";
    for (std::size_t i = 0; i < shadow.size(); ++i) {
      FUZZ_CHECK(seq->at(i) == shadow[i]);
      FUZZ_CHECK((*seq)[i] == shadow[i]);
      if (i) name += ", ";
      name += shadow[i]->name();
    }
    FUZZ_CHECK(seq->name() == name + ")");
    FUZZ_CHECK(!attempt([&] { (void)seq->at(shadow.size()); }));
  }

  void insert(std::size_t index, const std::shared_ptr<ll::Layer>& layer, bool use_add) {
    if (shadow.size() >= kMaxLayers) return;
    const bool expected = layer && index <= shadow.size() && !reaches(layer.get(), seq.get());
    const bool done = attempt([&] {
      if (use_add) {
        seq->add(layer);
      } else {
        seq->insert(index, layer);
      }
    });
    FUZZ_CHECK(done == (use_add ? layer && !reaches(layer.get(), seq.get()) : expected));
    if (done) {
      shadow.insert(shadow.begin() + static_cast<std::ptrdiff_t>(use_add ? shadow.size() : index),
                    layer);
    }
    check_list();
  }

  void remove(std::size_t index) {
    const bool done = attempt([&] { seq->remove(index); });
    FUZZ_CHECK(done == (index < shadow.size()));
    if (done) shadow.erase(shadow.begin() + static_cast<std::ptrdiff_t>(index));
    check_list();
  }

  void move(std::size_t from, std::size_t to) {
    const bool done = attempt([&] { seq->move(from, to); });
    FUZZ_CHECK(done == (from < shadow.size() && to < shadow.size()));
    if (done) {
      auto layer = shadow[from];
      shadow.erase(shadow.begin() + static_cast<std::ptrdiff_t>(from));
      shadow.insert(shadow.begin() + static_cast<std::ptrdiff_t>(to), layer);
    }
    check_list();
  }

  std::shared_ptr<ll::Layer> layer_at(std::size_t index) const {
    std::shared_ptr<ll::Layer> layer;
    const bool found = attempt([&] { layer = seq->at(index); });
    FUZZ_CHECK(found == (index < shadow.size()));
    return layer;
  }
};

// ---- parameter edits -----------------------------------------------------------------------

void edit_weight(FuzzedDataProvider& fdp, ll::Linear& linear) {
  const Shape want{linear.in_features(), linear.out_features()};
  const Shape shape = fdp.ConsumeBool() ? want : pick_shape(fdp);
  auto w = pick_tensor(fdp, shape, true);
  if (!w) return;
  const Tensor before(linear.weight());
  const bool expected = shape == want && all_finite(*w);
  const bool done = attempt([&] { linear.set_weight(*w); });
  FUZZ_CHECK(done == expected);
  FUZZ_CHECK(same_values(Tensor(linear.weight()), done ? *w : before));
}

void edit_bias(FuzzedDataProvider& fdp, ll::Linear& linear) {
  const Shape want{linear.out_features()};
  const Shape shape = fdp.ConsumeBool() ? want : pick_shape(fdp);
  auto b = pick_tensor(fdp, shape, true);
  if (!b) return;
  const Tensor before(linear.bias());
  const bool expected = linear.has_bias() && shape == want && all_finite(*b);
  const bool done = attempt([&] { linear.set_bias(*b); });
  FUZZ_CHECK(done == expected);
  FUZZ_CHECK(same_values(Tensor(linear.bias()), done ? *b : before));
}

void edit_p(FuzzedDataProvider& fdp, ll::Dropout& dropout) {
  const double before = dropout.p();
  const double p = pick_p(fdp);
  const bool done = attempt([&] { dropout.set_p(p); });
  FUZZ_CHECK(done == p_valid(p));
  FUZZ_CHECK(dropout.p() == (done ? p : before));
  const float s = dropout.scale();
  FUZZ_CHECK(dropout.p() >= 1.0 ? s == 0.0f : (std::isfinite(s) && s >= 1.0f));
}

// ---- shape inference -----------------------------------------------------------------------

// Exact product of dims[from..], or false when it does not fit in size_t.
bool exact_product(const Shape& dims, std::size_t from, std::size_t* out) {
  std::size_t n = 1;
  if (std::find(dims.begin() + static_cast<std::ptrdiff_t>(from), dims.end(), std::size_t{0}) !=
      dims.end()) {
    n = 0;  // exact, whatever the other dimensions
  }
  for (std::size_t i = from; i < dims.size() && n != 0; ++i) {
    if (__builtin_mul_overflow(n, dims[i], &n)) return false;
  }
  *out = n;
  return true;
}

// Checks one layer's output_shape on any shape (no allocation) against its documented rule.
void check_layer_shape(const ll::Layer& layer, const Shape& in) {
  const auto context = [&] { return layer.name() + " on " + ll::to_string(in); };
  Shape out;
  const bool ok = attempt([&] { out = layer.output_shape(in); });
  const bool in_valid = attempt([&] { ll::check_shape(in, "input"); });
  if (!in_valid) {
    FUZZ_CHECK(!ok);
    return;
  }
  if (!ok) return;  // a refusal by the layer's own rule is checked by the cases below
  FUZZ_CHECK(attempt([&] { ll::check_shape(out, "output"); }));
  if (const auto* linear = dynamic_cast<const ll::Linear*>(&layer)) {
    FUZZ_CHECK(in.back() == linear->in_features());
    Shape want = in;
    want.back() = linear->out_features();
    FUZZ_CHECK(out == want);
  } else if (dynamic_cast<const ll::Flatten*>(&layer)) {
    std::size_t features = 0;
    FUZZ_CHECK(in.size() >= 2);
    // An overflowing product must be refused, not wrapped.
    FUZZ_CHECK_CTX(exact_product(in, 1, &features), context() + " gave " + ll::to_string(out));
    FUZZ_CHECK_CTX((out == Shape{in[0], features}), context() + " gave " + ll::to_string(out));
  } else if (!dynamic_cast<const ll::Sequential*>(&layer)) {
    FUZZ_CHECK(out == in);  // activations and Dropout keep the shape
  }
}

// ---- summary vs. forward -------------------------------------------------------------------

void check_summary(const ll::Sequential& seq, const Shape& in, const ll::Summary& s) {
  FUZZ_CHECK(s.input_shape == in);
  FUZZ_CHECK(s.input_bytes == ll::float_bytes(in));
  FUZZ_CHECK(s.layers.size() == seq.size());
  const bool in_valid = attempt([&] { ll::check_shape(in, "input"); });
  std::optional<Shape> shape;
  if (in_valid) shape = in;
  std::string first_error;
  std::uint64_t params = 0, macs = 0, pbytes = 0, abytes = 0;
  for (std::size_t i = 0; i < s.layers.size(); ++i) {
    const ll::LayerSummary& row = s.layers[i];
    const ll::Layer& layer = *seq.at(i);
    FUZZ_CHECK(row.index == i);
    FUZZ_CHECK(row.name == layer.name());
    FUZZ_CHECK(row.parameters == layer.parameter_count());
    FUZZ_CHECK(row.parameter_bytes == ll::mul_sat(row.parameters, sizeof(float)));
    FUZZ_CHECK(row.input_shape == shape);
    if (shape) {
      Shape out;
      const bool ok = attempt([&] { out = layer.output_shape(*shape); });
      FUZZ_CHECK(ok == row.error.empty());
      FUZZ_CHECK(ok == row.output_shape.has_value());
      if (ok) {
        FUZZ_CHECK(*row.output_shape == out);
        FUZZ_CHECK(row.activation_bytes == ll::float_bytes(out));
        FUZZ_CHECK(row.multiply_adds == layer.multiply_adds(*shape));
      } else {
        FUZZ_CHECK(row.activation_bytes == 0 && row.multiply_adds == 0);
        FUZZ_CHECK(row.error.rfind("layer " + std::to_string(i) + " ", 0) == 0);
        if (first_error.empty()) first_error = row.error;
      }
    } else {
      FUZZ_CHECK(!row.output_shape && !row.error.empty());
    }
    shape = row.output_shape;
    params = ll::add_sat(params, row.parameters);
    macs = ll::add_sat(macs, row.multiply_adds);
    pbytes = ll::add_sat(pbytes, row.parameter_bytes);
    abytes = ll::add_sat(abytes, row.activation_bytes);
  }
  FUZZ_CHECK(s.total_parameters == params);
  FUZZ_CHECK(s.total_multiply_adds == macs);
  FUZZ_CHECK(s.total_parameter_bytes == pbytes);
  FUZZ_CHECK(s.total_activation_bytes == abytes);
  FUZZ_CHECK(params == seq.parameter_count());
  if (in_valid) FUZZ_CHECK(s.error == first_error);
  FUZZ_CHECK(s.ok() == (in_valid && first_error.empty()));
  FUZZ_CHECK(s.ok() == s.output_shape.has_value());
  if (s.ok()) FUZZ_CHECK(*s.output_shape == *shape);

  // The network as a layer agrees with its own summary.
  Shape out;
  const bool ok = attempt([&] { out = seq.output_shape(in); });
  FUZZ_CHECK(ok == s.ok());
  if (ok) {
    FUZZ_CHECK(out == *s.output_shape);
    FUZZ_CHECK(seq.multiply_adds(in) == s.total_multiply_adds);
  }
}

// Per-layer checks of one step of a trace: `x` went into `layer` and gave `y`.
void check_step(const ll::Layer& layer, const Tensor& x, const Tensor& y, bool training,
                std::size_t runs_per_pass) {
  const Shape in = ll::shape_of(x);
  const float* xi = x.data();
  const float* yo = y.data();
  const std::size_t n = x.size();
  if (dynamic_cast<const ll::ReLU*>(&layer)) {
    for (std::size_t i = 0; i < n; ++i) {
      FUZZ_CHECK(std::isnan(xi[i]) ? std::isnan(yo[i]) : yo[i] == (xi[i] > 0.0f ? xi[i] : 0.0f));
    }
  } else if (dynamic_cast<const ll::Sigmoid*>(&layer)) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isnan(xi[i])) FUZZ_CHECK(yo[i] >= 0.0f && yo[i] <= 1.0f);
    }
  } else if (dynamic_cast<const ll::Tanh*>(&layer)) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isnan(xi[i])) FUZZ_CHECK(yo[i] >= -1.0f && yo[i] <= 1.0f);
    }
  } else if (dynamic_cast<const ll::Softmax*>(&layer)) {
    const std::size_t cols = in.back();
    const std::size_t rows = cols ? n / cols : 0;
    for (std::size_t r = 0; r < rows; ++r) {
      bool finite = true;
      for (std::size_t c = 0; c < cols; ++c) finite = finite && std::isfinite(xi[r * cols + c]);
      if (!finite) continue;
      double sum = 0.0;
      for (std::size_t c = 0; c < cols; ++c) {
        const float v = yo[r * cols + c];
        FUZZ_CHECK(v >= 0.0f && v <= 1.0f);
        sum += v;
      }
      FUZZ_CHECK(std::fabs(sum - 1.0) <= 1e-4 + 1e-6 * static_cast<double>(cols));
    }
  } else if (dynamic_cast<const ll::Flatten*>(&layer)) {
    for (std::size_t i = 0; i < n; ++i) FUZZ_CHECK(same_float(xi[i], yo[i]));
  } else if (const auto* drop = dynamic_cast<const ll::Dropout*>(&layer)) {
    const double p = drop->p();
    const float s = drop->scale();
    const Tensor& mask = drop->last_mask();
    const bool mask_is_ours = runs_per_pass == 1;  // else a later run overwrote it
    if (mask_is_ours) FUZZ_CHECK(ll::shape_of(mask) == in);
    for (std::size_t i = 0; i < n; ++i) {
      if (!training || p == 0.0) {
        FUZZ_CHECK(same_float(yo[i], xi[i]));
        if (mask_is_ours) FUZZ_CHECK(mask.data()[i] == 1.0f);
      } else if (p == 1.0) {
        FUZZ_CHECK(yo[i] == 0.0f);
        if (mask_is_ours) FUZZ_CHECK(mask.data()[i] == 0.0f);
      } else {
        const float kept = xi[i] * s;  // x / (1 - p), as float32 rounds it
        FUZZ_CHECK(yo[i] == 0.0f || same_float(yo[i], kept));
        if (mask_is_ours) {
          const float m = mask.data()[i];
          FUZZ_CHECK(m == 0.0f || m == 1.0f);
          FUZZ_CHECK(m == 1.0f ? same_float(yo[i], kept) : yo[i] == 0.0f);
        }
      }
    }
  } else if (const auto* linear = dynamic_cast<const ll::Linear*>(&layer)) {
    const std::size_t K = linear->in_features(), N = linear->out_features();
    const std::size_t rows = n / K;
    if (ll::mul_sat(ll::mul_sat(rows, K), N) > kMaxLinearCheckWork || !all_finite(x)) return;
    const float* w = linear->weight().data();
    const float* b = linear->has_bias() ? linear->bias().data() : nullptr;
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t j = 0; j < N; ++j) {
        double acc = b ? b[j] : 0.0, mag = b ? std::fabs(b[j]) : 0.0;
        for (std::size_t k = 0; k < K; ++k) {
          const double t = static_cast<double>(xi[r * K + k]) * w[k * N + j];
          acc += t;
          mag += std::fabs(t);
        }
        if (mag > 1e36) continue;  // float32 may overflow on the way; no exact claim then
        const float got = yo[r * N + j];
        FUZZ_CHECK(std::isfinite(got));
        // float32 accumulation: at most about K roundings of partial sums bounded by mag.
        FUZZ_CHECK(std::fabs(got - acc) <= 2.4e-7 * static_cast<double>(K + 2) * mag + 1e-37);
      }
    }
  }
}

// Bytes of every activation one forward pass allocates, nested networks included.
std::uint64_t pass_bytes(const ll::Sequential& seq, const Shape& in) {
  const ll::Summary s = seq.summary(in);
  std::uint64_t total = s.total_activation_bytes;
  for (std::size_t i = 0; i < s.layers.size(); ++i) {
    const auto* inner = dynamic_cast<const ll::Sequential*>(seq.at(i).get());
    if (inner && s.layers[i].input_shape) {
      total = ll::add_sat(total, pass_bytes(*inner, *s.layers[i].input_shape));
    }
  }
  return total;
}

// Whether some layer object stands twice in the network (nested networks included): training
// refuses such a network, evaluation runs it.
bool repeats_a_layer(const ll::Sequential& seq) {
  std::vector<const ll::Layer*> all;
  std::vector<const ll::Sequential*> todo{&seq};
  while (!todo.empty()) {
    const ll::Sequential* s = todo.back();
    todo.pop_back();
    for (std::size_t i = 0; i < s->size(); ++i) {
      const ll::Layer* layer = s->at(i).get();
      for (const ll::Layer* seen : all) {
        if (seen == layer) return true;
      }
      all.push_back(layer);
      if (const auto* inner = dynamic_cast<const ll::Sequential*>(layer)) todo.push_back(inner);
    }
  }
  return false;
}

void run_network(FuzzedDataProvider& fdp, ll::Sequential& seq) {
  const Shape in = pick_shape(fdp);
  const ll::Summary s = seq.summary(in);  // never throws, whatever the shape
  check_summary(seq, in, s);
  for (std::size_t i = 0; i < seq.size(); ++i) check_layer_shape(*seq.at(i), in);

  const bool allow_nonfinite = fdp.ConsumeBool();
  auto x = pick_tensor(fdp, in, allow_nonfinite);
  if (!x) return;
  if (s.ok() && pass_bytes(seq, in) > kMaxActivationBytes) return;
  const bool training = fdp.ConsumeBool();
  const std::uint64_t seed = fdp.ConsumeIntegral<std::uint64_t>();
  const bool expected = s.ok() && all_finite(*x);

  Tensor y;
  ll::global_rng().reseed(seed);
  const bool done = attempt([&] { y = seq.forward(*x, training); });
  FUZZ_CHECK(done == (expected && !(training && repeats_a_layer(seq))));
  if (done) FUZZ_CHECK(ll::shape_of(y) == *s.output_shape);
  if (done && training) {  // backward of any accepted training pass: dL/dx of the input's shape
    Tensor dy = Tensor::from_shape(y.shape());
    dy.fill(1.0f);
    Tensor dx;
    FUZZ_CHECK(attempt([&] { dx = seq.backward(dy); }));
    FUZZ_CHECK(ll::shape_of(dx) == ll::shape_of(*x));
  }

  std::vector<Tensor> trace;
  ll::global_rng().reseed(seed);
  const bool traced = attempt([&] { trace = seq.forward_trace(*x, training); });
  FUZZ_CHECK(traced == expected);
  if (!traced) return;
  FUZZ_CHECK(trace.size() == seq.size());
  for (std::size_t i = 0; i < trace.size(); ++i) {
    FUZZ_CHECK(ll::shape_of(trace[i]) == *s.layers[i].output_shape);
    const ll::Layer& layer = *seq.at(i);
    check_step(layer, i ? trace[i - 1] : *x, trace[i], training, occurrences(seq, &layer));
  }
  // Same RNG stream, same numbers: the fused Linear+ReLU pass equals the layer-by-layer one.
  if (done) FUZZ_CHECK(same_values(y, trace.empty() ? *x : trace.back()));

  // One layer on its own (deterministic layers only) equals its step in the trace.
  if (!trace.empty()) {
    const std::size_t i = fdp.ConsumeIntegralInRange<std::size_t>(0, trace.size() - 1);
    ll::Layer& layer = *seq.at(i);
    const Tensor& xi = i ? trace[i - 1] : *x;
    const bool random = dynamic_cast<ll::Dropout*>(&layer) || dynamic_cast<ll::Sequential*>(&layer);
    if (!random || !training) {
      Tensor yi;
      const bool ok = attempt([&] { yi = layer.forward(xi, training); });
      FUZZ_CHECK(ok == all_finite(xi));
      if (ok) FUZZ_CHECK(same_values(yi, trace[i]));
      if (auto* linear = dynamic_cast<ll::Linear*>(&layer); linear && ok) {
        Tensor fused;
        FUZZ_CHECK(attempt([&] { fused = linear->forward_relu(xi); }));
        FUZZ_CHECK(ll::shape_of(fused) == ll::shape_of(yi));
        for (std::size_t k = 0; k < fused.size(); ++k) {
          const float v = yi.data()[k];
          FUZZ_CHECK(same_float(fused.data()[k], v > 0.0f ? v : (std::isnan(v) ? v : 0.0f)));
        }
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  ll::global_rng().reseed(fdp.ConsumeIntegral<std::uint8_t>());  // reproducible per input

  Net outer, inner;  // two networks, so nesting (and cycles) can be tried
  for (std::size_t op = 0; op < kMaxOps && fdp.remaining_bytes() > 0; ++op) {
    Net& net = fdp.ConsumeBool() ? outer : inner;
    Net& other = &net == &outer ? inner : outer;
    switch (fdp.ConsumeIntegralInRange<int>(0, 13)) {
      case 0:
      case 1: net.insert(0, make_layer(fdp), true); break;  // add (a refused layer is null)
      case 2: {
        const std::size_t index = pick_index(fdp, net.shadow.size());
        net.insert(index, make_layer(fdp), false);
        break;
      }
      case 3: net.remove(pick_index(fdp, net.shadow.size())); break;
      case 4: {
        const std::size_t from = pick_index(fdp, net.shadow.size());
        net.move(from, pick_index(fdp, net.shadow.size()));
        break;
      }
      case 5: {  // change a size: replace a layer by a new Linear, as the UI does
        const std::size_t index = pick_index(fdp, net.shadow.size());
        const std::int64_t in = pick_size(fdp), out = pick_size(fdp);
        auto layer = make_linear(fdp, in, out);
        if (!layer || !net.layer_at(index)) break;
        net.remove(index);
        net.insert(index, layer, false);
        break;
      }
      case 6:
      case 7: {  // parameter edits on whatever sits at an index
        auto layer = net.layer_at(pick_index(fdp, net.shadow.size()));
        if (auto* linear = dynamic_cast<ll::Linear*>(layer.get())) {
          if (fdp.ConsumeBool()) {
            edit_weight(fdp, *linear);
          } else {
            edit_bias(fdp, *linear);
          }
        } else if (auto* dropout = dynamic_cast<ll::Dropout*>(layer.get())) {
          edit_p(fdp, *dropout);
        }
        break;
      }
      case 8: {  // nest one network in the other (a cycle must be refused)
        // One call per statement: argument order is unspecified (g++ and clang differ), and the
        // corpus must mean the same thing to the libFuzzer build and the g++ replay.
        const std::size_t index = pick_index(fdp, net.shadow.size());
        const bool nest_other = fdp.ConsumeBool();
        const bool use_add = fdp.ConsumeBool();
        net.insert(index, nest_other ? other.seq : net.seq, use_add);
        break;
      }
      case 9: {  // the same layer twice
        auto layer = net.layer_at(pick_index(fdp, net.shadow.size()));
        if (layer) net.insert(pick_index(fdp, net.shadow.size()), layer, false);
        break;
      }
      case 10: {
        auto layer = net.layer_at(pick_index(fdp, net.shadow.size()));
        if (auto* linear = dynamic_cast<ll::Linear*>(layer.get())) {
          const auto init = static_cast<ll::Init>(fdp.ConsumeIntegralInRange<int>(0, 3));
          ll::Rng rng(fdp.ConsumeIntegral<std::uint64_t>());
          linear->reset_parameters(init, rng);
          FUZZ_CHECK(linear->init() == init);
          FUZZ_CHECK(all_finite(Tensor(linear->weight())));
        }
        break;
      }
      case 11: {  // shapes only, including absurd ones: must not allocate
        const Shape in = pick_shape(fdp);
        const ll::Summary s = net.seq->summary(in);
        check_summary(*net.seq, in, s);
        for (const auto& layer : net.shadow) check_layer_shape(*layer, in);
        break;
      }
      case 12:
        if (fdp.ConsumeIntegralInRange<int>(0, 7) == 0) {
          net.seq->clear();
          net.shadow.clear();
          net.check_list();
        }
        break;
      default: run_network(fdp, *net.seq); break;
    }
  }
  // Break any nesting so both networks are freed (a cycle would have failed a check above).
  outer.seq->clear();
  inner.seq->clear();
  return 0;
}
