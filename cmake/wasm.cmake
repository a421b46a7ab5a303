# The WebAssembly module: build/wasm/layerlab.mjs (ES module factory) + layerlab.wasm.
add_executable(layerlab cpp/bindings/embind.cpp cpp/bindings/adapters.cpp)
target_link_libraries(layerlab PRIVATE layerlab_core)
target_compile_options(layerlab PRIVATE ${LAYERLAB_WARNINGS})
set_target_properties(layerlab PROPERTIES SUFFIX ".mjs")
# 0: Embind builds its invokers without new Function/eval, so the page runs under a strict
# Content-Security-Policy (no 'unsafe-eval'). Cost measured by bench/embind-calls.mjs.
set(LAYERLAB_DYNAMIC_EXECUTION 0 CACHE STRING "Emscripten DYNAMIC_EXECUTION (0 = CSP-safe)")
set(LAYERLAB_POST_JS ${PROJECT_SOURCE_DIR}/cpp/bindings/errors.js)
set_property(TARGET layerlab APPEND PROPERTY LINK_DEPENDS ${LAYERLAB_POST_JS})
target_link_options(layerlab PRIVATE
  --bind
  ${LAYERLAB_TARGET_FLAGS}
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createLayerlab
  # web + worker only: the Node target of 3.1.6 uses __dirname, which ES modules lack.
  # In Node, pass { wasmBinary } to the factory instead.
  -sENVIRONMENT=web,worker
  -sALLOW_MEMORY_GROWTH=1
  -sMAXIMUM_MEMORY=2GB
  -sINITIAL_MEMORY=16MB
  -sFILESYSTEM=0
  -sEXPORTED_FUNCTIONS=_ll_error_pending,_ll_take_error
  -sDYNAMIC_EXECUTION=${LAYERLAB_DYNAMIC_EXECUTION}
  --post-js ${LAYERLAB_POST_JS})
