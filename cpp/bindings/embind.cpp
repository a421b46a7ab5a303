// Embind registrations: the module's JavaScript API (documented in web/src/engine/layerlab.d.ts).
// Every function goes through guarded() (see adapters.hpp), so C++ errors become JS Errors.
//
// Ownership: every Tensor a function returns is a new copy that JavaScript owns and must
// delete(); toArray() returns a plain Float32Array copy (no heap view survives the call).
// Layers are shared: a Sequential keeps the layers added to it alive, so JavaScript may delete
// its own handle right after add().
#include <malloc.h>

#include <emscripten/bind.h>
#include <emscripten/heap.h>

#include "adapters.hpp"

namespace layerlab::js {
namespace {

using emscripten::allow_raw_pointers;
using emscripten::base;
using emscripten::class_;
using emscripten::optional_override;
using Ptr = std::shared_ptr<Layer>;

template <class T, class... Args>
std::shared_ptr<T> make(Args&&... args) {
  return guarded([&] { return std::make_shared<T>(std::forward<Args>(args)...); });
}

std::shared_ptr<Linear> make_linear(const val& in, const val& out, const val& bias, const val& init) {
  return guarded([&] {
    return std::make_shared<Linear>(whole_number(in, "Linear: in_features", 1),
                                    whole_number(out, "Linear: out_features", 1),
                                    optional_bool(bias, "Linear: bias", true), init_from(init));
  });
}

std::shared_ptr<Dropout> make_dropout(const val& p) {
  return guarded([&] {
    return std::make_shared<Dropout>(p.isUndefined() ? 0.5 : number_from(p, "Dropout: p"));
  });
}

std::size_t index_from(const val& v, const char* what) {
  return static_cast<std::size_t>(whole_number(v, std::string("Sequential: ") + what, 0));
}

}  // namespace

EMSCRIPTEN_BINDINGS(layerlab) {
  using emscripten::function;

  function("seed", optional_override([](const val& s) {
             guarded([&] {
               global_rng().reseed(static_cast<std::uint64_t>(whole_number(s, "seed", 0)));
             });
           }));
  // Bytes currently allocated by malloc on the WASM heap (for leak tests and the memory panel).
  function("memoryInUse", optional_override([] { return static_cast<double>(mallinfo().uordblks); }));
  // Size of the WASM memory itself (grows, never shrinks).
  function("heapSize", optional_override([] { return static_cast<double>(emscripten_get_heap_size()); }));
  function("kernelName", optional_override([] { return std::string(gemm_kernel_name()); }));
  function("maxTensorBytes", optional_override([] { return static_cast<double>(kMaxTensorBytes); }));

  class_<Tensor>("Tensor")
      .class_function("fromArray", optional_override([](const val& data, const val& shape) {
                        return guarded([&] { return tensor_from_js(data, shape); });
                      }))
      .function("shape", optional_override([](const Tensor& t) { return shape_to_js(shape_of(t)); }))
      .function("size", optional_override([](const Tensor& t) { return static_cast<double>(t.size()); }))
      .function("toArray", optional_override([](const Tensor& t) { return tensor_to_js(t); }));

  class_<Layer>("Layer")
      .smart_ptr<Ptr>("Layer")
      .function("name", &Layer::name)
      .function("forward", optional_override([](Layer& self, const Tensor& x) {
                  return guarded([&] { return self.forward(x, false); });
                }))
      .function("forward", optional_override([](Layer& self, const Tensor& x, const val& training) {
                  return guarded([&] {
                    return self.forward(x, optional_bool(training, "forward: training", false));
                  });
                }))
      .function("outputShape", optional_override([](const Layer& self, const val& shape) {
                  return guarded([&] { return shape_to_js(self.output_shape(shape_from(shape, "outputShape: shape"))); });
                }))
      .function("parameterCount", optional_override([](const Layer& self) {
                  return static_cast<double>(self.parameter_count());
                }))
      .function("parameters", optional_override([](const Layer& self) {
                  return guarded([&] { return tensors_to_js(self.parameters()); });
                }));

  class_<Linear, base<Layer>>("Linear")
      .smart_ptr<std::shared_ptr<Linear>>("Linear")
      .constructor(optional_override([](const val& in, const val& out) {
        return make_linear(in, out, val::undefined(), val::undefined());
      }))
      .constructor(optional_override([](const val& in, const val& out, const val& bias) {
        return make_linear(in, out, bias, val::undefined());
      }))
      .constructor(&make_linear)
      .function("inFeatures", optional_override([](const Linear& l) { return static_cast<double>(l.in_features()); }))
      .function("outFeatures", optional_override([](const Linear& l) { return static_cast<double>(l.out_features()); }))
      .function("hasBias", &Linear::has_bias)
      .function("init", optional_override([](const Linear& l) { return std::string(init_name(l.init())); }))
      .function("weight", optional_override([](const Linear& l) { return Tensor(l.weight()); }))
      .function("bias", optional_override([](const Linear& l) {
                  return l.has_bias() ? val(Tensor(l.bias())) : val::null();
                }))
      .function("setWeight", optional_override([](Linear& l, const Tensor& w) { guarded([&] { l.set_weight(w); }); }))
      .function("setBias", optional_override([](Linear& l, const Tensor& b) { guarded([&] { l.set_bias(b); }); }))
      .function("resetParameters", optional_override([](Linear& l, const val& init) {
                  guarded([&] { l.reset_parameters(init_from(init), global_rng()); });
                }))
      .function("forwardReference", optional_override([](const Linear& l, const Tensor& x, const val& relu) {
                  return guarded([&] { return l.forward_reference(x, optional_bool(relu, "relu", false)); });
                }))
      .function("forwardRelu", optional_override([](Linear& l, const Tensor& x) {
                  return guarded([&] { return l.forward_relu(x); });
                }));

  class_<ReLU, base<Layer>>("ReLU").smart_ptr_constructor("ReLU", &make<ReLU>);
  class_<Sigmoid, base<Layer>>("Sigmoid").smart_ptr_constructor("Sigmoid", &make<Sigmoid>);
  class_<Tanh, base<Layer>>("Tanh").smart_ptr_constructor("Tanh", &make<Tanh>);
  class_<Softmax, base<Layer>>("Softmax").smart_ptr_constructor("Softmax", &make<Softmax>);
  class_<Flatten, base<Layer>>("Flatten").smart_ptr_constructor("Flatten", &make<Flatten>);

  class_<Dropout, base<Layer>>("Dropout")
      .smart_ptr<std::shared_ptr<Dropout>>("Dropout")
      .constructor(optional_override([] { return make_dropout(val::undefined()); }))
      .constructor(&make_dropout)
      .function("p", &Dropout::p)
      .function("setP", optional_override([](Dropout& d, const val& p) {
                  guarded([&] { d.set_p(number_from(p, "Dropout: p")); });
                }))
      .function("scale", &Dropout::scale)
      .function("lastMask", optional_override([](const Dropout& d) { return Tensor(d.last_mask()); }));

  class_<Sequential, base<Layer>>("Sequential")
      .smart_ptr_constructor("Sequential", &make<Sequential>)
      .function("add", optional_override([](Sequential& s, const Ptr& layer) { guarded([&] { s.add(layer); }); }))
      .function("insert", optional_override([](Sequential& s, const val& index, const Ptr& layer) {
                  guarded([&] { s.insert(index_from(index, "insert index"), layer); });
                }))
      .function("remove", optional_override([](Sequential& s, const val& index) {
                  guarded([&] { s.remove(index_from(index, "remove index")); });
                }))
      .function("move", optional_override([](Sequential& s, const val& from, const val& to) {
                  guarded([&] { s.move(index_from(from, "move from"), index_from(to, "move to")); });
                }))
      .function("at", optional_override([](const Sequential& s, const val& index) {
                  return guarded([&] { return s.at(index_from(index, "index")); });
                }))
      .function("clear", &Sequential::clear)
      .function("size", optional_override([](const Sequential& s) { return static_cast<double>(s.size()); }))
      .function("summary", optional_override([](const Sequential& s, const val& shape) {
                  return guarded([&] {
                    const Shape input = shape_from(shape, "summary: input shape");
                    check_shape(input, "summary: input");
                    return summary_to_js(s.summary(input));
                  });
                }))
      .function("forwardTrace", optional_override([](Sequential& s, const Tensor& x, const val& training) {
                  return guarded([&] {
                    return tensors_to_js(s.forward_trace(x, optional_bool(training, "forwardTrace: training", false)));
                  });
                }));
}

}  // namespace layerlab::js
