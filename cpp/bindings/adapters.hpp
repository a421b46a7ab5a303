#pragma once
// Adapters between JavaScript values and the core: argument checks, conversions, and the
// error guard. Registrations live in embind.cpp; everything that converts lives here.
#include <new>
#include <string>
#include <type_traits>

#include <emscripten/val.h>

#include "layerlab/layerlab.hpp"

namespace layerlab::js {

using emscripten::val;

// --- errors ---------------------------------------------------------------------------------
// No C++ exception ever crosses into JavaScript: a thrown exception would skip the embind
// invoker's clean-up and leave the WASM stack pointer where it was. Instead every binding runs
// inside guarded(), which records the message and returns normally; errors.js (linked with
// --post-js) wraps every bound function so that a recorded message is thrown as a JS Error.
void set_pending_error(const char* message);
// Records an out-of-memory error that says how big the heap is and can get.
void set_out_of_memory_error();

template <class F>
auto guarded(F&& f) noexcept -> decltype(f()) {
  using R = decltype(f());
  try {
    return f();
  } catch (const std::bad_alloc&) {
    set_out_of_memory_error();
  } catch (const std::exception& e) {
    set_pending_error(e.what());
  } catch (...) {
    set_pending_error("unexpected C++ error");
  }
  if constexpr (std::is_same_v<R, val>) {
    return val::undefined();
  } else if constexpr (!std::is_void_v<R>) {
    return R{};
  }
}

// --- arguments ------------------------------------------------------------------------------
// A whole JS number in [min, 2^53]; strings, fractions, NaN and Infinity are refused by name.
std::int64_t whole_number(const val& v, const std::string& what, std::int64_t min);

// A whole number that must also fit this build's size_t (32 bits in WebAssembly): a size or
// an index. Above it, a clear error instead of a silent wrap.
std::size_t size_number(const val& v, const std::string& what, std::int64_t min);
// undefined -> fallback; otherwise it must be a boolean.
bool optional_bool(const val& v, const std::string& what, bool fallback);
// 'lecun' | 'xavier' | 'he' | 'zeros'; undefined -> LeCun.
Init init_from(const val& v);
const char* init_name(Init init);
// A JS array of whole numbers >= 0 (0 allows empty batches).
Shape shape_from(const val& v, const std::string& what);
// A probability: a JS number (checked in [0, 1] by Dropout itself).
double number_from(const val& v, const std::string& what);

// Optimizer options from a JS object ({ lr, momentum, ... }); undefined gives the defaults, an
// unknown key is an error that lists the known ones (a typo must not silently train with a
// default). AdamW's weight decay defaults to 0.01, as in PyTorch.
SGDOptions sgd_options_from(const val& v);
AdamOptions adam_options_from(const val& v, bool decoupled);

// --- values ---------------------------------------------------------------------------------
val shape_to_js(const Shape& shape);
Tensor tensor_from_js(const val& data, const val& shape);
val tensor_to_js(const Tensor& t);  // a Float32Array copy: the result never aliases the heap
val tensors_to_js(std::vector<Tensor> tensors);  // an array of Tensor handles JS owns
val summary_to_js(const Summary& s);
val step_result_to_js(const StepResult& r);  // { loss, correct (null for MSE), predictions }
// summarize_values of data[0, count) as { stats: { count, mean, std, min, max, zeros },
// histogram: { start, width, counts } }, the shapes of ValueStats and Histogram in
// web/src/engine/stats.ts. `who` names the caller in errors.
val value_summary_to_js(const float* data, std::size_t count, const val& bins, const std::string& who);

}  // namespace layerlab::js
