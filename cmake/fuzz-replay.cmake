# Corpus regression test for the normal native build (g++ or clang, no libFuzzer needed):
# layerlab_fuzz_replay links the libFuzzer target's source with a tiny main() that feeds every
# file of tests/fuzz/corpus to LLVMFuzzerTestOneInput once. Included from cmake/native.cmake.
#
# The harness uses <fuzzer/FuzzedDataProvider.h>, a standalone header shipped with clang. Only
# that header's folder is linked into a staging folder: putting clang's whole resource include
# folder on g++'s path would shadow g++'s own <stddef.h>, <xmmintrin.h>, ...
set(LAYERLAB_FUZZ_DIR ${PROJECT_SOURCE_DIR}/tests/fuzz)
if(EXISTS ${LAYERLAB_FUZZ_DIR}/network_fuzzer.cpp AND EXISTS ${LAYERLAB_FUZZ_DIR}/replay_main.cpp)
  file(GLOB _layerlab_fdp_candidates
       /usr/lib/llvm-*/lib/clang/*/include/fuzzer/FuzzedDataProvider.h
       /usr/lib/clang/*/include/fuzzer/FuzzedDataProvider.h
       /usr/local/lib/clang/*/include/fuzzer/FuzzedDataProvider.h)
  if(_layerlab_fdp_candidates)
    list(SORT _layerlab_fdp_candidates COMPARE NATURAL ORDER DESCENDING)
    list(GET _layerlab_fdp_candidates 0 _layerlab_fdp)
    set(LAYERLAB_FDP_STAGED_INCLUDE ${CMAKE_BINARY_DIR}/fdp-include)
    file(MAKE_DIRECTORY ${LAYERLAB_FDP_STAGED_INCLUDE}/fuzzer)
    file(CREATE_LINK ${_layerlab_fdp} ${LAYERLAB_FDP_STAGED_INCLUDE}/fuzzer/FuzzedDataProvider.h
         SYMBOLIC)

    add_executable(layerlab_fuzz_replay ${LAYERLAB_FUZZ_DIR}/network_fuzzer.cpp
                                        ${LAYERLAB_FUZZ_DIR}/replay_main.cpp)
    target_include_directories(layerlab_fuzz_replay SYSTEM PRIVATE ${LAYERLAB_FDP_STAGED_INCLUDE})
    target_link_libraries(layerlab_fuzz_replay PRIVATE layerlab_core)
    target_compile_options(layerlab_fuzz_replay PRIVATE ${LAYERLAB_WARNINGS})
    add_test(NAME fuzz_corpus_replay
             COMMAND layerlab_fuzz_replay ${LAYERLAB_FUZZ_DIR}/corpus)
    set_tests_properties(fuzz_corpus_replay PROPERTIES TIMEOUT 300)
  else()
    # A regression test must not vanish quietly: scripts/setup.sh installs clang-14.
    message(FATAL_ERROR "layerlab: FuzzedDataProvider.h not found; run scripts/setup.sh "
                        "(it installs clang-14) for the fuzz corpus regression test")
  endif()
endif()
