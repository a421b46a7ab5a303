#pragma once
// Vector ops for the native build of the kernels (tests, reference outputs): x86-64's baseline
// SSE2, or plain float arrays that any compiler vectorises where SSE2 is missing. The interface
// is gemm_ops.hpp's.
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace layerlab::gemm_simd {

#if defined(__SSE2__)
struct Sse2 {
  static constexpr char kName[] = "native-sse2";
  using V = __m128;
  static V load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, V a) { _mm_storeu_ps(p, a); }
  static V zero() { return _mm_setzero_ps(); }
  static V splat(const float* p) { return _mm_load1_ps(p); }
  static V add(V a, V b) { return _mm_add_ps(a, b); }
  static V mul(V a, V b) { return _mm_mul_ps(a, b); }
  // maxps(b, a) is `b > a ? b : a`: a when a is NaN or both are zeros, as SIMD128's pmax.
  static V pmax(V a, V b) { return _mm_max_ps(b, a); }
  static void transpose4(V& r0, V& r1, V& r2, V& r3) { _MM_TRANSPOSE4_PS(r0, r1, r2, r3); }
};
using Ops = Sse2;
#else
struct Scalar4 {
  static constexpr char kName[] = "native-scalar";
  struct V {
    float v[4];
  };
  static V load(const float* p) {
    V r;
    std::memcpy(r.v, p, sizeof r.v);
    return r;
  }
  static void store(float* p, V a) { std::memcpy(p, a.v, sizeof a.v); }
  static V zero() { return {{0.0f, 0.0f, 0.0f, 0.0f}}; }
  static V splat(const float* p) { return {{*p, *p, *p, *p}}; }
  static V add(V a, V b) {
    for (int l = 0; l < 4; ++l) a.v[l] += b.v[l];
    return a;
  }
  static V mul(V a, V b) {
    for (int l = 0; l < 4; ++l) a.v[l] *= b.v[l];
    return a;
  }
  static V pmax(V a, V b) {
    for (int l = 0; l < 4; ++l) a.v[l] = a.v[l] < b.v[l] ? b.v[l] : a.v[l];
    return a;
  }
  static void transpose4(V& r0, V& r1, V& r2, V& r3) {
    V* rows[4] = {&r0, &r1, &r2, &r3};
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j) std::swap(rows[i]->v[j], rows[j]->v[i]);
  }
};
using Ops = Scalar4;
#endif

}  // namespace layerlab::gemm_simd
