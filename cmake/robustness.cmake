# Native robustness builds, included by CMakeLists.txt after the targets are defined when
#   -DLAYERLAB_SANITIZE=ON  ASan + UBSan on the core, the GoogleTest suite, the reference-output
#                           tool and the corpus replay (scripts/test-sanitized.sh, g++ or clang);
#   -DLAYERLAB_FUZZ=ON      the libFuzzer target network_fuzzer (scripts/fuzz.sh, clang only),
#                           with the core instrumented for coverage and ASan + UBSan, and the
#                           ctest `fuzz_corpus_libfuzzer` that runs it once over every corpus file.
set(LAYERLAB_SANITIZER_FLAGS
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
set(LAYERLAB_FUZZ_DIR ${PROJECT_SOURCE_DIR}/tests/fuzz)

# Every native executable that links the core must link the sanitizer runtimes too, so both
# options instrument all of them the same way.
set(_layerlab_sanitized_targets
    layerlab_core layerlab_tests layerlab_alloc_tests layerlab_reference_outputs
    layerlab_fuzz_replay)
foreach(_target IN LISTS _layerlab_sanitized_targets)
  if(TARGET ${_target})
    target_compile_options(${_target} PRIVATE ${LAYERLAB_SANITIZER_FLAGS})
    target_link_options(${_target} PRIVATE ${LAYERLAB_SANITIZER_FLAGS})
  endif()
endforeach()

if(LAYERLAB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "LAYERLAB_FUZZ needs clang (libFuzzer): configure with "
                        "CC=clang-14 CXX=clang++-14, as scripts/fuzz.sh does")
  endif()
  # Coverage feedback from the core itself, not only from the harness.
  target_compile_options(layerlab_core PRIVATE -fsanitize=fuzzer-no-link)

  add_executable(network_fuzzer ${LAYERLAB_FUZZ_DIR}/network_fuzzer.cpp)
  target_link_libraries(network_fuzzer PRIVATE layerlab_core)
  target_compile_options(network_fuzzer PRIVATE ${LAYERLAB_WARNINGS}
                         -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(network_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)

  # Regression: every corpus file once (libFuzzer runs file arguments once each and exits).
  # CONFIGURE_DEPENDS re-globs at build time, so inputs merged in later are picked up.
  file(GLOB _layerlab_corpus CONFIGURE_DEPENDS ${LAYERLAB_FUZZ_DIR}/corpus/*)
  if(_layerlab_corpus)
    add_test(NAME fuzz_corpus_libfuzzer COMMAND network_fuzzer ${_layerlab_corpus})
    set_tests_properties(fuzz_corpus_libfuzzer PROPERTIES TIMEOUT 300)
  endif()
endif()
