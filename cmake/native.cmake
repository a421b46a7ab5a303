# Native extras: the GoogleTest suite (ctest) and the tool that writes reference outputs for
# the WASM parity test.
enable_testing()
find_package(GTest REQUIRED)
include(GoogleTest)

file(GLOB LAYERLAB_TEST_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/cpp/*_test.cpp)
add_executable(layerlab_tests ${LAYERLAB_TEST_SOURCES})
target_link_libraries(layerlab_tests PRIVATE layerlab_core GTest::gtest_main)
# No FMA contraction in the tests either: some compare the kernels bit for bit with a scalar loop.
target_compile_options(layerlab_tests PRIVATE ${LAYERLAB_WARNINGS} -ffp-contract=off)
gtest_discover_tests(layerlab_tests DISCOVERY_TIMEOUT 60)

# Replaces the global operator new to count allocations, so it gets a binary of its own.
add_executable(layerlab_alloc_tests ${PROJECT_SOURCE_DIR}/tests/cpp/alloc/train_step_alloc_test.cpp)
target_link_libraries(layerlab_alloc_tests PRIVATE layerlab_core GTest::gtest_main)
target_compile_options(layerlab_alloc_tests PRIVATE ${LAYERLAB_WARNINGS})
gtest_discover_tests(layerlab_alloc_tests DISCOVERY_TIMEOUT 60)

if(EXISTS ${PROJECT_SOURCE_DIR}/tests/cpp/tools/reference_outputs.cpp)
  add_executable(layerlab_reference_outputs tests/cpp/tools/reference_outputs.cpp)
  target_link_libraries(layerlab_reference_outputs PRIVATE layerlab_core)
  target_compile_options(layerlab_reference_outputs PRIVATE ${LAYERLAB_WARNINGS})
endif()
include(cmake/fuzz-replay.cmake)
