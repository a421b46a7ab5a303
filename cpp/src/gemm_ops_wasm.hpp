#pragma once
// Vector ops for the WebAssembly build of the kernels: baseline SIMD128 only (relaxed SIMD's
// FMA opcodes from clang 14 are rejected by Node 20), so every step is a separate f32x4 mul and
// add. The interface is gemm_ops.hpp's.
#include <wasm_simd128.h>

namespace layerlab::gemm_simd {

struct Simd128 {
  static constexpr char kName[] = "wasm-simd128";
  using V = v128_t;
  static V load(const float* p) { return wasm_v128_load(p); }
  static void store(float* p, V a) { wasm_v128_store(p, a); }
  static V zero() { return wasm_f32x4_splat(0.0f); }
  // v128.load32_splat: one vbroadcastss under V8.
  static V splat(const float* p) { return wasm_v128_load32_splat(p); }
  static V add(V a, V b) { return wasm_f32x4_add(a, b); }
  static V mul(V a, V b) { return wasm_f32x4_mul(a, b); }
  // One maxps under V8; f32x4.max would need a NaN/-0 fix-up sequence.
  static V pmax(V a, V b) { return wasm_f32x4_pmax(a, b); }
  // Rows r0..r3 become columns: r0 = (r0[0], r1[0], r2[0], r3[0]), ...
  static void transpose4(V& r0, V& r1, V& r2, V& r3) {
    const V t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
    const V t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
    const V t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
    const V t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
    r0 = wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5);
    r1 = wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7);
    r2 = wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5);
    r3 = wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7);
  }
};
using Ops = Simd128;

}  // namespace layerlab::gemm_simd
