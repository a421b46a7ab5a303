// Linked with --post-js. The C++ bindings never let an exception escape into JavaScript (that
// would skip embind's clean-up and leave the WASM stack pointer moved); they record the message
// and return a placeholder instead. Here every bound function, method and constructor is
// wrapped so that a recorded message is thrown as an Error carrying the C++ text, after the
// placeholder is freed. Which names to wrap comes from C++ itself (boundNames(), filled by the
// registration helpers in register.hpp), so no list here can miss a class. The module stays
// usable after any number of errors.
(function wrapLayerlabErrors() {
  function throwIfFailed(result) {
    if (!_ll_error_pending()) return result;
    var message = UTF8ToString(_ll_take_error());
    // A failed call returns a placeholder: an empty Tensor handle, a null, or (from a
    // constructor) a bare object without a C++ instance. Free what holds memory.
    if (result && typeof result === 'object' && result.$$ && !result.isDeleted()) result.delete();
    throw new Error(message);
  }

  function wrap(fn) {
    var wrapped = function () { return throwIfFailed(fn.apply(this, arguments)); };
    Object.defineProperty(wrapped, 'name', { value: fn.name });
    // embind's overload dispatcher looks its table up on the property it is stored under.
    if (fn.overloadTable) wrapped.overloadTable = fn.overloadTable;
    wrapped.layerlabGuarded = true; // for the test that every bound call is wrapped
    return wrapped;
  }

  function wrapOwnFunctions(target, skip) {
    Object.getOwnPropertyNames(target).forEach(function (key) {
      if (skip.indexOf(key) >= 0) return;
      var d = Object.getOwnPropertyDescriptor(target, key);
      if (d && typeof d.value === 'function' && !d.value.layerlabGuarded) target[key] = wrap(d.value);
    });
  }

  addOnPostRun(function () {
    var names = Module['boundNames']();
    names.functions.forEach(function (name) { Module[name] = wrap(Module[name]); });
    names.classes.forEach(function (name) {
      var cls = Module[name];
      wrapOwnFunctions(cls.prototype, ['constructor']);
      wrapOwnFunctions(cls, ['prototype', 'length', 'name']);
      var proxy = new Proxy(cls, {
        construct: function (target, args) { return throwIfFailed(Reflect.construct(target, args)); },
      });
      Module[name] = proxy;
    });
  });
})();
