#include "adapters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <emscripten/heap.h>

namespace layerlab::js {
namespace {

// The message of the last failed call, until errors.js takes it. A fixed buffer rather than a
// std::string, so that errors never change the heap (leak tests compare heap bytes exactly).
char pending[4096];

// JavaScript's spelling of a number, for messages: 2.5, NaN, Infinity, 1e+21.
std::string js_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string describe(const val& v) {
  if (v.isNumber()) return js_number(v.as<double>());
  if (v.isString()) return "the string \"" + v.as<std::string>() + "\"";
  return v.typeOf().as<std::string>();
}

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

}  // namespace

void set_pending_error(const char* message) {
  std::snprintf(pending, sizeof pending, "%s", message);  // truncates beyond 4095 bytes
  if (pending[0] == '\0') std::snprintf(pending, sizeof pending, "unknown C++ error");
}

void set_out_of_memory_error() {
  // No allocation here: the heap is full.
  std::snprintf(pending, sizeof pending,
                "out of memory: the WebAssembly heap (%.0f MiB now, %.0f MiB at most) has no room for "
                "this; the module is unchanged and still usable",
                static_cast<double>(emscripten_get_heap_size()) / (1 << 20),
                static_cast<double>(emscripten_get_heap_max()) / (1 << 20));
}

std::int64_t whole_number(const val& v, const std::string& what, std::int64_t min) {
  if (!v.isNumber()) throw std::invalid_argument(what + " must be a number but got " + describe(v));
  const double d = v.as<double>();
  if (!std::isfinite(d) || std::floor(d) != d) {
    throw std::invalid_argument(what + " must be a whole number but got " + js_number(d));
  }
  if (d < static_cast<double>(min)) {
    throw std::invalid_argument(what + " must be at least " + std::to_string(min) + " but got " +
                                js_number(d));
  }
  if (std::fabs(d) > kMaxSafeInteger) {
    throw std::invalid_argument(what + " is too large: " + js_number(d));
  }
  return static_cast<std::int64_t>(d);
}

std::size_t size_number(const val& v, const std::string& what, std::int64_t min) {
  const std::int64_t n = whole_number(v, what, min);
  constexpr auto kMaxSize = std::numeric_limits<std::size_t>::max();
  if (static_cast<std::uint64_t>(n) > kMaxSize) {
    throw std::invalid_argument(what + " must be at most " + std::to_string(kMaxSize) + " but got " +
                                js_number(static_cast<double>(n)));
  }
  return static_cast<std::size_t>(n);
}

bool optional_bool(const val& v, const std::string& what, bool fallback) {
  if (v.isUndefined()) return fallback;
  if (v.isTrue()) return true;
  if (v.isFalse()) return false;
  throw std::invalid_argument(what + " must be true or false but got " + describe(v));
}

Init init_from(const val& v) {
  if (v.isUndefined()) return Init::LeCunNormal;
  const std::string name = v.isString() ? v.as<std::string>() : "";
  for (Init init : {Init::LeCunNormal, Init::XavierUniform, Init::HeNormal, Init::Zeros}) {
    if (name == init_name(init)) return init;
  }
  throw std::invalid_argument("Linear: init must be 'lecun', 'xavier', 'he' or 'zeros' but got " +
                              describe(v));
}

const char* init_name(Init init) {
  switch (init) {
    case Init::LeCunNormal: return "lecun";
    case Init::XavierUniform: return "xavier";
    case Init::HeNormal: return "he";
    case Init::Zeros: return "zeros";
  }
  return "lecun";
}

Shape shape_from(const val& v, const std::string& what) {
  if (!v.isArray()) throw std::invalid_argument(what + " must be an array of sizes but got " + describe(v));
  const auto n = v["length"].as<std::size_t>();
  if (n == 0 || n > kMaxRank) {
    throw std::invalid_argument(what + " must have 1 to " + std::to_string(kMaxRank) +
                                " dimensions but got " + std::to_string(n));
  }
  Shape shape(n);
  for (std::size_t i = 0; i < n; ++i) {
    shape[i] = size_number(v[i], what + " dimension " + std::to_string(i), 0);
  }
  return shape;
}

double number_from(const val& v, const std::string& what) {
  if (!v.isNumber()) throw std::invalid_argument(what + " must be a number but got " + describe(v));
  return v.as<double>();
}

namespace {

// Reads `options` key by key into the setters; anything else in the object is an error.
struct OptionReader {
  const char* kind;
  const val& options;
  std::vector<std::string> known;

  double number(const char* key, double fallback) {
    known.emplace_back(key);
    const val v = options[key];
    return v.isUndefined() ? fallback : number_from(v, std::string(kind) + ": " + key);
  }
  bool flag(const char* key, bool fallback) {
    known.emplace_back(key);
    return optional_bool(options[key], std::string(kind) + ": " + key, fallback);
  }
  val raw(const char* key) {
    known.emplace_back(key);
    return options[key];
  }
  void refuse_unknown() const {
    const val keys = val::global("Object").call<val>("keys", options);
    const auto n = keys["length"].as<std::size_t>();
    for (std::size_t i = 0; i < n; ++i) {
      const auto key = keys[i].as<std::string>();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw std::invalid_argument(std::string(kind) + ": unknown option '" + key + "' (known: " +
                                  list + ")");
    }
  }
};

val options_object(const val& v, const char* kind) {
  if (v.isUndefined()) return val::object();
  if (!v.isNull() && v.typeOf().as<std::string>() == "object" && !v.isArray()) return v;
  throw std::invalid_argument(std::string(kind) + ": options must be an object like { lr: 0.1 } but got " +
                              describe(v));
}

}  // namespace

SGDOptions sgd_options_from(const val& v) {
  const val o = options_object(v, "SGD");
  OptionReader r{"SGD", o, {}};
  SGDOptions out;
  out.lr = r.number("lr", out.lr);
  out.momentum = r.number("momentum", out.momentum);
  out.dampening = r.number("dampening", out.dampening);
  out.weight_decay = r.number("weightDecay", out.weight_decay);
  out.nesterov = r.flag("nesterov", out.nesterov);
  r.refuse_unknown();
  return out;
}

AdamOptions adam_options_from(const val& v, bool decoupled) {
  const char* kind = decoupled ? "AdamW" : "Adam";
  const val o = options_object(v, kind);
  OptionReader r{kind, o, {}};
  AdamOptions out;
  out.decoupled = decoupled;
  if (decoupled) out.weight_decay = 0.01;
  out.lr = r.number("lr", out.lr);
  const val betas = r.raw("betas");
  if (!betas.isUndefined()) {
    if (!betas.isArray() || betas["length"].as<double>() != 2) {
      throw std::invalid_argument(std::string(kind) + ": betas must be an array of two numbers like [0.9, 0.999] but got " +
                                  describe(betas));
    }
    out.beta1 = number_from(betas[0], std::string(kind) + ": betas[0]");
    out.beta2 = number_from(betas[1], std::string(kind) + ": betas[1]");
  }
  out.eps = r.number("eps", out.eps);
  out.weight_decay = r.number("weightDecay", out.weight_decay);
  r.refuse_unknown();
  return out;
}

val step_result_to_js(const StepResult& r) {
  val out = val::object();
  out.set("loss", r.loss);
  out.set("correct", r.correct < 0 ? val::null() : val(static_cast<double>(r.correct)));
  out.set("predictions", static_cast<double>(r.predictions));
  return out;
}

val value_summary_to_js(const float* data, std::size_t count, const val& bins, const std::string& who) {
  const ValueSummary s = summarize_values(data, count, whole_number(bins, who + ": bins", 1), who);
  val stats = val::object();
  stats.set("count", static_cast<double>(s.stats.count));
  stats.set("mean", s.stats.mean);
  stats.set("std", s.stats.stddev);
  stats.set("min", s.stats.min);
  stats.set("max", s.stats.max);
  stats.set("zeros", s.stats.zero_fraction);
  // The counts as doubles in one typed-array copy, then one Array.from: a plain number[] for
  // the price of two calls into JavaScript instead of one push per bin.
  const xt::xtensor<double, 1> counts = xt::cast<double>(s.histogram.counts);  // (bins,)
  val histogram = val::object();
  histogram.set("start", s.histogram.start);
  histogram.set("width", s.histogram.width);
  histogram.set("counts", val::global("Array").call<val>(
                              "from", val(emscripten::typed_memory_view(counts.size(), counts.data()))));
  val out = val::object();
  out.set("stats", stats);
  out.set("histogram", histogram);
  return out;
}

val shape_to_js(const Shape& shape) {
  val out = val::array();
  for (std::size_t d : shape) out.call<void>("push", static_cast<double>(d));
  return out;
}

Tensor tensor_from_js(const val& data, const val& shape_js) {
  const Shape shape = shape_from(shape_js, "Tensor.fromArray: shape");
  check_shape(shape, "Tensor.fromArray: tensor");
  const bool typed = data.instanceof(val::global("Float32Array"));
  if (!typed && !data.isArray()) {
    throw std::invalid_argument("Tensor.fromArray: data must be a Float32Array or an array of numbers but got " +
                                describe(data));
  }
  const auto count = data["length"].as<double>();
  if (count != static_cast<double>(element_count(shape))) {
    throw std::invalid_argument("Tensor.fromArray: shape " + to_string(shape) + " needs " +
                                std::to_string(element_count(shape)) + " values but got " +
                                js_number(count));
  }
  Tensor t = Tensor::from_shape(shape);
  // One bulk copy into the heap; the view is made after the allocation, so growth cannot
  // detach it.
  val(emscripten::typed_memory_view(t.size(), t.data())).call<void>("set", data);
  return t;
}

val tensor_to_js(const Tensor& t) {
  return val(emscripten::typed_memory_view(t.size(), t.data())).call<val>("slice");
}

val tensors_to_js(std::vector<Tensor> tensors) {
  val out = val::array();
  for (auto& t : tensors) out.call<void>("push", val(std::move(t)));
  return out;
}

val summary_to_js(const Summary& s) {
  val rows = val::array();
  for (const auto& r : s.layers) {
    val row = val::object();
    row.set("index", static_cast<double>(r.index));
    row.set("name", r.name);
    row.set("inputShape", r.input_shape ? shape_to_js(*r.input_shape) : val::null());
    row.set("outputShape", r.output_shape ? shape_to_js(*r.output_shape) : val::null());
    row.set("parameters", static_cast<double>(r.parameters));
    row.set("multiplyAdds", static_cast<double>(r.multiply_adds));
    row.set("parameterBytes", static_cast<double>(r.parameter_bytes));
    row.set("activationBytes", static_cast<double>(r.activation_bytes));
    row.set("error", r.error.empty() ? val::null() : val(r.error));
    rows.call<void>("push", row);
  }
  return rows;
}

}  // namespace layerlab::js

extern "C" {
// Called by errors.js after every bound call: cheap when nothing failed.
int ll_error_pending() { return layerlab::js::pending[0] != '\0'; }
// The message of the failed call; clears it. Valid until the next failed call.
const char* ll_take_error() {
  static char taken[sizeof layerlab::js::pending];
  std::memcpy(taken, layerlab::js::pending, sizeof taken);
  layerlab::js::pending[0] = '\0';
  return taken;
}
}
