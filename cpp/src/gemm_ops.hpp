#pragma once
// What the forward (gemm_forward_impl.hpp) and backward (gemm_backward_impl.hpp) kernels share:
// the build's 4-float vector ops, the panel plan and reusable scratch. The kernels are written
// once over `Ops`, and the two targets differ only in that struct: SIMD128 in WebAssembly
// (gemm_ops_wasm.hpp), SSE2 or plain arrays natively (gemm_ops_native.hpp), so native ctest
// runs the kernel code the page runs.
//
// Ops (V: four floats):
//   load(p), store(p, v)   four floats, unaligned
//   zero(), splat(p)       (0, 0, 0, 0) and (*p, *p, *p, *p)
//   add(a, b), mul(a, b)   lane-wise and rounded separately: no FMA, so the kernels round as
//                          the scalar loops do
//   pmax(a, b)             `a < b ? b : a` per lane: pmax(y, 0) is std::max(y, 0.0f) (NaN and
//                          -0 pass through)
//   transpose4(r0..r3)     rows become columns
//   kName                  the vectors' name, for gemm_kernel_name()
#include <cstddef>
#include <vector>

#if defined(__wasm_simd128__)
#include "gemm_ops_wasm.hpp"
#else
#include "gemm_ops_native.hpp"
#endif

namespace layerlab::gemm_simd {

// A last panel with at most 4 real columns is stored and computed one vector wide.
constexpr std::size_t kNarrow = 4;

// Panels over a matrix's `cols` columns: `full` of `width`, then one of `last_width` (0: none,
// else kNarrow or width) holding `tail` real columns, zero-padded.
struct PanelPlan {
  std::size_t full, last_width, tail;
  std::size_t count() const { return full + (last_width ? 1 : 0); }
};
inline PanelPlan plan_panels(std::size_t cols, std::size_t width) {
  const std::size_t rem = cols % width;
  if (rem == 0) return {cols / width, 0, width};
  return {cols / width, rem <= kNarrow ? kNarrow : width, rem};
}

// Packing buffers reused across calls (grown only when too small), so warm passes allocate
// nothing: the backward's A block (or dW's A tile) and panels, and the forward's x block.
enum class Scratch { kBackwardA, kBackwardPanels, kForwardX };
inline float* scratch(Scratch slot, std::size_t floats) {
  thread_local std::vector<float> buffers[3];
  std::vector<float>& b = buffers[static_cast<int>(slot)];
  if (b.size() < floats) b.resize(floats);
  return b.data();
}

}  // namespace layerlab::gemm_simd
