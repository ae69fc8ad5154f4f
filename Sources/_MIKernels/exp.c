// Vectorized single-precision exponential (see MIKernels.h for the method and accuracy).
#include "MIKernels.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2,fma"))) static void exp_avx2(const float *x, float *y, ptrdiff_t n) {
  const __m256 log2e = _mm256_set1_ps(1.44269504088896341f);
  const __m256 ln2_hi = _mm256_set1_ps(0.693359375f);
  const __m256 ln2_lo = _mm256_set1_ps(-2.12194440e-4f);
  const __m256 hi = _mm256_set1_ps(88.7228390f);
  const __m256 lo = _mm256_set1_ps(-87.3365448f);
  const __m256 p0 = _mm256_set1_ps(1.9875691500e-4f);
  const __m256 p1 = _mm256_set1_ps(1.3981999507e-3f);
  const __m256 p2 = _mm256_set1_ps(8.3334519073e-3f);
  const __m256 p3 = _mm256_set1_ps(4.1665795894e-2f);
  const __m256 p4 = _mm256_set1_ps(1.6666665459e-1f);
  const __m256 p5 = _mm256_set1_ps(5.0000001201e-1f);
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 inf = _mm256_set1_ps(INFINITY);
  ptrdiff_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 v = _mm256_loadu_ps(x + i);
    __m256 over = _mm256_cmp_ps(v, hi, _CMP_GT_OQ);
    __m256 under = _mm256_cmp_ps(v, lo, _CMP_LT_OQ);
    __m256 isnan = _mm256_cmp_ps(v, v, _CMP_UNORD_Q);
    __m256 c = _mm256_min_ps(_mm256_max_ps(v, lo), hi);
    __m256 k = _mm256_round_ps(_mm256_mul_ps(c, log2e), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(k, ln2_hi, c);
    r = _mm256_fnmadd_ps(k, ln2_lo, r);
    __m256 poly = _mm256_fmadd_ps(p0, r, p1);
    poly = _mm256_fmadd_ps(poly, r, p2);
    poly = _mm256_fmadd_ps(poly, r, p3);
    poly = _mm256_fmadd_ps(poly, r, p4);
    poly = _mm256_fmadd_ps(poly, r, p5);
    __m256 r2 = _mm256_mul_ps(r, r);
    poly = _mm256_fmadd_ps(poly, r2, _mm256_add_ps(r, one));
    // 2^k as (k + 127) << 23, split in two factors so k = 128 does not overflow the exponent.
    __m256i ki = _mm256_cvtps_epi32(k);
    __m256i half = _mm256_srai_epi32(ki, 1);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, _mm256_set1_epi32(127)), 23));
    __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(ki, half), _mm256_set1_epi32(127)), 23));
    __m256 result = _mm256_mul_ps(_mm256_mul_ps(poly, s1), s2);
    result = _mm256_blendv_ps(result, inf, over);
    result = _mm256_blendv_ps(result, _mm256_setzero_ps(), under);
    result = _mm256_blendv_ps(result, v, isnan);
    _mm256_storeu_ps(y + i, result);
  }
  for (; i < n; ++i) y[i] = expf(x[i]);
}
#endif

void mi_exp_f32(const float *x, float *y, ptrdiff_t n) {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    exp_avx2(x, y, n);
    return;
  }
#endif
  for (ptrdiff_t i = 0; i < n; ++i) y[i] = expf(x[i]);
}
