#pragma once
// The only way embind.cpp registers anything. Every bound callable runs inside guarded() (no C++
// exception, bad_alloc included, ever reaches JavaScript), and every class and free function is
// recorded, so errors.js wraps exactly the names C++ bound: neither side keeps a hand-written
// list that a new method could be missing from.
#include <string>
#include <utility>
#include <vector>

#include <emscripten/bind.h>

#include "adapters.hpp"

namespace layerlab::js {

// What was registered, in order; read by errors.js through the bound function boundNames().
struct BoundNames {
  std::vector<std::string> classes;
  std::vector<std::string> functions;
};
BoundNames& bound_names();

// guard(lambda): the captureless lambda as a plain function pointer of the same signature that
// runs it inside guarded(). Each lambda has its own type, so each gets its own trampoline.
template <class L, class R, class... A>
struct Guarded {
  static inline R (*fn)(A...) = nullptr;
  static R call(A... args) {
    return guarded([&]() -> R { return fn(std::forward<A>(args)...); });
  }
};

template <class L, class R, class... A>
auto make_guarded(R (*fn)(A...)) -> R (*)(A...) {
  Guarded<L, R, A...>::fn = fn;
  return &Guarded<L, R, A...>::call;
}

template <class L>
auto guard(L lambda) {
  return make_guarded<L>(+lambda);  // `+`: a captureless lambda's function pointer
}

// A class whose methods and constructors are all guarded. Layers and other objects that a
// network or an optimizer shares are held by shared_ptr (`Ptr`).
template <class T, class Base = void>
class Class {
  using Bound = std::conditional_t<std::is_void_v<Base>, emscripten::class_<T>,
                                   emscripten::class_<T, emscripten::base<Base>>>;

 public:
  explicit Class(const char* name) : class_(name) { bound_names().classes.emplace_back(name); }

  // Held by std::shared_ptr<T> in JavaScript.
  Class& shared(const char* name) {
    class_.template smart_ptr<std::shared_ptr<T>>(name);
    return *this;
  }
  // `new Name(...)`: a lambda returning std::shared_ptr<T> (one per arity).
  template <class L>
  Class& constructor(L factory) {
    class_.constructor(guard(factory));
    return *this;
  }
  // A method: a lambda whose first parameter is T& or const T&.
  template <class L>
  Class& method(const char* name, L f) {
    class_.function(name, guard(f));
    return *this;
  }
  // A static method, `Name.method(...)`.
  template <class L>
  Class& static_method(const char* name, L f) {
    class_.class_function(name, guard(f));
    return *this;
  }

 private:
  Bound class_;
};

// A free function of the module, `ll.name(...)`.
template <class L>
void function(const char* name, L f) {
  emscripten::function(name, guard(f));
  bound_names().functions.emplace_back(name);
}

}  // namespace layerlab::js
