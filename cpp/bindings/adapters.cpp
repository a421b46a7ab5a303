#include "adapters.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
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
    shape[i] = static_cast<std::size_t>(
        whole_number(v[i], what + " dimension " + std::to_string(i), 0));
  }
  return shape;
}

double number_from(const val& v, const std::string& what) {
  if (!v.isNumber()) throw std::invalid_argument(what + " must be a number but got " + describe(v));
  return v.as<double>();
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
