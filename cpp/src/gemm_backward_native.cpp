// The backward products for the native build (tests, reference outputs): the same blocking and
// tiles as the WASM build (gemm_backward_impl.hpp), on x86-64's baseline SSE2, or on plain
// float arrays that any compiler vectorises where SSE2 is missing. Same 5-row tile as WASM so
// native ctest walks the same tile and block boundaries.
#include <cstddef>
#include <cstring>
#include <utility>

#include "gemm_backward_impl.hpp"
#include "layerlab/gemm.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace layerlab {
namespace {

#if defined(__SSE2__)
struct Sse2 {
  using V = __m128;
  static V load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, V a) { _mm_storeu_ps(p, a); }
  static V zero() { return _mm_setzero_ps(); }
  static V splat(const float* p) { return _mm_load1_ps(p); }
  static V add(V a, V b) { return _mm_add_ps(a, b); }
  static V mul(V a, V b) { return _mm_mul_ps(a, b); }
  static void transpose4(V& r0, V& r1, V& r2, V& r3) { _MM_TRANSPOSE4_PS(r0, r1, r2, r3); }
};
using Ops = Sse2;
#else
struct Scalar4 {
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
  static void transpose4(V& r0, V& r1, V& r2, V& r3) {
    V* rows[4] = {&r0, &r1, &r2, &r3};
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j) std::swap(rows[i]->v[j], rows[j]->v[i]);
  }
};
using Ops = Scalar4;
#endif

using Backward = gemm_backward::Kernels<Ops, 5>;

}  // namespace

void gemm_tn(const float* x, const float* dy, float* dw, std::size_t M, std::size_t K,
             std::size_t N, bool accumulate) {
  Backward::tn(x, dy, dw, M, K, N, accumulate);
}

void gemm_nt(const float* dy, const float* w, float* dx, std::size_t M, std::size_t N,
             std::size_t K) {
  Backward::nt(dy, w, dx, M, N, K);
}

}  // namespace layerlab
