// Embind registrations: the module's JavaScript API (documented in web/src/engine/layerlab.d.ts).
// Everything is registered through register.hpp, so every call runs inside guarded() and C++
// errors (out of memory included) become JS Errors, and errors.js learns the names it wraps
// from boundNames() instead of a list of its own.
//
// Ownership: every Tensor a function returns is a new copy that JavaScript owns and must
// delete(); toArray() returns a plain Float32Array copy (no heap view survives the call).
// Layers are shared: a Sequential keeps the layers added to it alive, and an optimizer keeps its
// network alive, so JavaScript may delete its own handles right after add() or new SGD(net).
#include <malloc.h>

#include <emscripten/heap.h>

#include "register.hpp"

namespace layerlab::js {

BoundNames& bound_names() {
  static BoundNames names;
  return names;
}

namespace {

using Ptr = std::shared_ptr<Layer>;

template <class T>
std::shared_ptr<T> make() {
  return std::make_shared<T>();
}

std::shared_ptr<Linear> make_linear(const val& in, const val& out, const val& bias, const val& init) {
  return std::make_shared<Linear>(whole_number(in, "Linear: in_features", 1),
                                  whole_number(out, "Linear: out_features", 1),
                                  optional_bool(bias, "Linear: bias", true), init_from(init));
}

std::shared_ptr<Dropout> make_dropout(const val& p) {
  return std::make_shared<Dropout>(p.isUndefined() ? 0.5 : number_from(p, "Dropout: p"));
}

std::size_t index_from(const val& v, const char* what) {
  return size_number(v, std::string("Sequential: ") + what, 0);
}

val strings_to_js(const std::vector<std::string>& names) {
  val out = val::array();
  for (const auto& n : names) out.call<void>("push", n);
  return out;
}

// A parameter-free layer class: constructor only, everything else is inherited from Layer.
template <class T>
void activation(const char* name) {
  Class<T, Layer>(name).shared(name).constructor([] { return make<T>(); });
}

template <class T>
void loss_class(const char* name) {
  Class<T, Loss>(name).shared(name).constructor([] { return std::make_shared<T>(); });
}

template <class O>
std::shared_ptr<O> make_optimizer(const Ptr& net, const val& options) {
  if constexpr (std::is_same_v<O, SGD>) {
    return std::make_shared<SGD>(net, sgd_options_from(options));
  } else {
    return std::make_shared<O>(net, adam_options_from(options, std::is_same_v<O, AdamW>));
  }
}

void register_module_functions() {
  function("seed", [](const val& s) {
    global_rng().reseed(static_cast<std::uint64_t>(whole_number(s, "seed", 0)));
  });
  // Bytes currently allocated by malloc on the WASM heap (for leak tests and the memory panel).
  function("memoryInUse", [] { return static_cast<double>(mallinfo().uordblks); });
  // Size of the WASM memory itself (grows, never shrinks).
  function("heapSize", [] { return static_cast<double>(emscripten_get_heap_size()); });
  function("kernelName", [] { return std::string(gemm_kernel_name()); });
  function("maxTensorBytes", [] { return static_cast<double>(kMaxTensorBytes); });
  // One training step: zeroGrad, forward in training mode, loss, backward, optimizer step.
  function("trainStep", [](const Ptr& net, Loss& loss, Optimizer& opt, const Tensor& x, const Tensor& t) {
    if (!net) throw std::invalid_argument("trainStep: needs a network");
    return step_result_to_js(Trainer::step(*net, loss, opt, x, t));
  });
  // Loss and correct count in evaluation mode (Dropout off), without gradients.
  function("evaluate", [](const Ptr& net, Loss& loss, const Tensor& x, const Tensor& t) {
    if (!net) throw std::invalid_argument("evaluate: needs a network");
    return step_result_to_js(Trainer::evaluate(*net, loss, x, t));
  });
  // What this module registered, for errors.js and the test that every call is wrapped.
  function("boundNames", [] {
    val out = val::object();
    out.set("classes", strings_to_js(bound_names().classes));
    out.set("functions", strings_to_js(bound_names().functions));
    return out;
  });
}

void register_tensor() {
  Class<Tensor>("Tensor")
      .static_method("fromArray", [](const val& data, const val& shape) { return tensor_from_js(data, shape); })
      .method("shape", [](const Tensor& t) { return shape_to_js(shape_of(t)); })
      .method("size", [](const Tensor& t) { return static_cast<double>(t.size()); })
      .method("toArray", [](const Tensor& t) { return tensor_to_js(t); })
      // Statistics and histogram read in place: no copy of the values crosses into JavaScript.
      .method("stats", [](const Tensor& t, const val& bins) {
        return value_summary_to_js(t.data(), t.size(), bins, "Tensor.stats");
      });
}

void register_layers() {
  Class<Layer>("Layer")
      .shared("Layer")
      .method("name", [](const Layer& l) { return l.name(); })
      .method("forward", [](Layer& l, const Tensor& x) { return l.forward(x, false); })
      .method("forward", [](Layer& l, const Tensor& x, const val& training) {
        return l.forward(x, optional_bool(training, "forward: training", false));
      })
      .method("backward", [](Layer& l, const Tensor& dy) { return l.backward(dy); })
      .method("zeroGrad", [](Layer& l) { l.zero_grad(); })
      .method("outputShape", [](const Layer& l, const val& shape) {
        return shape_to_js(l.output_shape(shape_from(shape, "outputShape: shape")));
      })
      .method("parameterCount", [](const Layer& l) { return static_cast<double>(l.parameter_count()); })
      .method("parameters", [](const Layer& l) { return tensors_to_js(l.parameters()); });

  Class<Linear, Layer>("Linear")
      .shared("Linear")
      .constructor([](const val& in, const val& out) {
        return make_linear(in, out, val::undefined(), val::undefined());
      })
      .constructor([](const val& in, const val& out, const val& bias) {
        return make_linear(in, out, bias, val::undefined());
      })
      .constructor([](const val& in, const val& out, const val& bias, const val& init) {
        return make_linear(in, out, bias, init);
      })
      .method("inFeatures", [](const Linear& l) { return static_cast<double>(l.in_features()); })
      .method("outFeatures", [](const Linear& l) { return static_cast<double>(l.out_features()); })
      .method("hasBias", [](const Linear& l) { return l.has_bias(); })
      .method("init", [](const Linear& l) { return std::string(init_name(l.init())); })
      .method("weight", [](const Linear& l) { return Tensor(l.weight()); })
      .method("weightStats", [](const Linear& l, const val& bins) {
        return value_summary_to_js(l.weight().data(), l.weight().size(), bins, "Linear.weightStats");
      })
      .method("bias", [](const Linear& l) { return l.has_bias() ? val(Tensor(l.bias())) : val::null(); })
      .method("weightGrad", [](const Linear& l) { return Tensor(l.weight_grad()); })
      .method("biasGrad", [](const Linear& l) {
        return l.has_bias() ? val(Tensor(l.bias_grad())) : val::null();
      })
      .method("setWeight", [](Linear& l, const Tensor& w) { l.set_weight(w); })
      .method("setBias", [](Linear& l, const Tensor& b) { l.set_bias(b); })
      .method("resetParameters", [](Linear& l, const val& init) {
        l.reset_parameters(init_from(init), global_rng());
      })
      .method("forwardReference", [](const Linear& l, const Tensor& x, const val& relu) {
        return l.forward_reference(x, optional_bool(relu, "relu", false));
      })
      .method("forwardRelu", [](Linear& l, const Tensor& x) { return l.forward_relu(x); });

  activation<ReLU>("ReLU");
  activation<Sigmoid>("Sigmoid");
  activation<Tanh>("Tanh");
  activation<Softmax>("Softmax");
  activation<Flatten>("Flatten");

  Class<Dropout, Layer>("Dropout")
      .shared("Dropout")
      .constructor([] { return make_dropout(val::undefined()); })
      .constructor([](const val& p) { return make_dropout(p); })
      .method("p", [](const Dropout& d) { return d.p(); })
      .method("setP", [](Dropout& d, const val& p) { d.set_p(number_from(p, "Dropout: p")); })
      .method("scale", [](const Dropout& d) { return d.scale(); })
      .method("lastMask", [](const Dropout& d) { return Tensor(d.last_mask()); });

  Class<Sequential, Layer>("Sequential")
      .shared("Sequential")
      .constructor([] { return make<Sequential>(); })
      .method("add", [](Sequential& s, const Ptr& layer) { s.add(layer); })
      .method("insert", [](Sequential& s, const val& index, const Ptr& layer) {
        s.insert(index_from(index, "insert index"), layer);
      })
      .method("remove", [](Sequential& s, const val& index) { s.remove(index_from(index, "remove index")); })
      .method("move", [](Sequential& s, const val& from, const val& to) {
        s.move(index_from(from, "move from"), index_from(to, "move to"));
      })
      .method("at", [](const Sequential& s, const val& index) { return s.at(index_from(index, "index")); })
      .method("clear", [](Sequential& s) { s.clear(); })
      .method("size", [](const Sequential& s) { return static_cast<double>(s.size()); })
      .method("summary", [](const Sequential& s, const val& shape) {
        const Shape input = shape_from(shape, "summary: input shape");
        check_shape(input, "summary: input");
        return summary_to_js(s.summary(input));
      })
      .method("forwardTrace", [](Sequential& s, const Tensor& x, const val& training) {
        return tensors_to_js(s.forward_trace(x, optional_bool(training, "forwardTrace: training", false)));
      })
      .method("depthStats", [](Sequential& s, const Tensor& x, Loss& loss, const Tensor& t) {
        val rows = val::array();
        for (const BlockStats& b : s.depth_stats(x, loss, t)) {
          val row = val::object();
          row.set("outputMean", b.output_mean);
          row.set("outputStd", b.output_std);
          row.set("gradStd", b.grad_std);
          row.set("saturated", b.saturated < 0 ? val::null() : val(b.saturated));
          row.set("unitRange", b.unit_range);
          rows.call<void>("push", row);
        }
        return rows;
      });
}

void register_training() {
  Class<Loss>("Loss")
      .shared("Loss")
      .method("name", [](const Loss& l) { return l.name(); })
      .method("forward", [](Loss& l, const Tensor& input, const Tensor& target) {
        return l.forward(input, target);
      })
      .method("backward", [](const Loss& l) { return Tensor(l.backward()); })
      .method("correct", [](const Loss& l) {
        return l.correct() < 0 ? val::null() : val(static_cast<double>(l.correct()));
      })
      .method("predictions", [](const Loss& l) { return static_cast<double>(l.predictions()); });
  loss_class<CrossEntropyLoss>("CrossEntropyLoss");
  loss_class<MSELoss>("MSELoss");
  loss_class<BCEWithLogitsLoss>("BCEWithLogitsLoss");

  Class<Optimizer>("Optimizer")
      .shared("Optimizer")
      .method("name", [](const Optimizer& o) { return o.name(); })
      .method("step", [](Optimizer& o) { o.step(); })
      .method("zeroGrad", [](Optimizer& o) { o.zero_grad(); })
      .method("steps", [](const Optimizer& o) { return static_cast<double>(o.steps()); })
      .method("lr", [](const Optimizer& o) { return o.lr(); })
      .method("setLr", [](Optimizer& o, const val& lr) { o.set_lr(number_from(lr, "setLr: lr")); });
  Class<SGD, Optimizer>("SGD")
      .shared("SGD")
      .constructor([](const Ptr& net) { return make_optimizer<SGD>(net, val::undefined()); })
      .constructor([](const Ptr& net, const val& options) { return make_optimizer<SGD>(net, options); });
  Class<Adam, Optimizer>("Adam")
      .shared("Adam")
      .constructor([](const Ptr& net) { return make_optimizer<Adam>(net, val::undefined()); })
      .constructor([](const Ptr& net, const val& options) { return make_optimizer<Adam>(net, options); });
  Class<AdamW, Optimizer>("AdamW")
      .shared("AdamW")
      .constructor([](const Ptr& net) { return make_optimizer<AdamW>(net, val::undefined()); })
      .constructor([](const Ptr& net, const val& options) { return make_optimizer<AdamW>(net, options); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(layerlab) {
  register_module_functions();
  register_tensor();
  register_layers();
  register_training();
}

}  // namespace layerlab::js
