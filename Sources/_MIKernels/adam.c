// The Adam update as one pass over four arrays: vectorized with AVX2 (square root and
// division 8 lanes at a time) when the processor has it.
#include "MIKernels.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#define ADAM_BODY                                                                  \
  for (ptrdiff_t i = 0; i < n; ++i) {                                              \
    float gi = g[i] + coupled * theta[i];                                          \
    float mi = beta1 * m[i] + (1.0f - beta1) * gi;                                 \
    float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;                            \
    m[i] = mi;                                                                     \
    v[i] = vi;                                                                     \
    theta[i] = theta[i] * shrink - step_size * mi / (sqrtf(vi / correction2) + epsilon); \
  }

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2,fma"))) static void adam_avx2(
    float *restrict theta, float *restrict m, float *restrict v, const float *restrict g, ptrdiff_t n,
    float step_size, float beta1, float beta2, float correction2, float epsilon, float coupled, float shrink) {
  // Explicit vectors: with C's errno semantics the compiler will not vectorize sqrtf.
  const __m256 vc = _mm256_set1_ps(coupled), vb1 = _mm256_set1_ps(beta1), vb1c = _mm256_set1_ps(1.0f - beta1);
  const __m256 vb2 = _mm256_set1_ps(beta2), vb2c = _mm256_set1_ps(1.0f - beta2);
  const __m256 vinv = _mm256_set1_ps(1.0f / correction2), veps = _mm256_set1_ps(epsilon);
  const __m256 vshrink = _mm256_set1_ps(shrink), vstep = _mm256_set1_ps(step_size);
  ptrdiff_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 t = _mm256_loadu_ps(theta + i);
    __m256 gi = _mm256_fmadd_ps(vc, t, _mm256_loadu_ps(g + i));
    __m256 mi = _mm256_fmadd_ps(vb1, _mm256_loadu_ps(m + i), _mm256_mul_ps(vb1c, gi));
    __m256 vi = _mm256_fmadd_ps(vb2, _mm256_loadu_ps(v + i), _mm256_mul_ps(vb2c, _mm256_mul_ps(gi, gi)));
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    __m256 denominator = _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(vi, vinv)), veps);
    __m256 update = _mm256_div_ps(_mm256_mul_ps(vstep, mi), denominator);
    _mm256_storeu_ps(theta + i, _mm256_sub_ps(_mm256_mul_ps(t, vshrink), update));
  }
  for (; i < n; ++i) {
    float gi = g[i] + coupled * theta[i];
    float mi = beta1 * m[i] + (1.0f - beta1) * gi;
    float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    theta[i] = theta[i] * shrink - step_size * mi / (sqrtf(vi / correction2) + epsilon);
  }
}
#endif

static void adam_generic(float *restrict theta, float *restrict m, float *restrict v, const float *restrict g,
                         ptrdiff_t n, float step_size, float beta1, float beta2, float correction2,
                         float epsilon, float coupled, float shrink) {
  ADAM_BODY
}

void mi_adam_f32(float *theta, float *m, float *v, const float *g, ptrdiff_t n, float step_size,
                 float beta1, float beta2, float correction2, float epsilon, float coupled,
                 float shrink) {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    adam_avx2(theta, m, v, g, n, step_size, beta1, beta2, correction2, epsilon, coupled, shrink);
    return;
  }
#endif
  adam_generic(theta, m, v, g, n, step_size, beta1, beta2, correction2, epsilon, coupled, shrink);
}
