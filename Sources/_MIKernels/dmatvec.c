// Double-precision matrix–vector products for Blahut–Arimoto (MIDiscrete's channel
// capacity): the two products of each iteration, q = pᵀW and D = W·log q, with AVX2 and FMA
// (four doubles per instruction, four independent accumulators) when the processor has them.
#include "MIKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2,fma"))) static void matvec_avx2(ptrdiff_t m, ptrdiff_t n, const double *w,
                                                            const double *x, double *y) {
  for (ptrdiff_t i = 0; i < m; ++i) {
    const double *row = w + i * n;
    __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
    ptrdiff_t j = 0;
    for (; j + 16 <= n; j += 16) {
      s0 = _mm256_fmadd_pd(_mm256_loadu_pd(row + j), _mm256_loadu_pd(x + j), s0);
      s1 = _mm256_fmadd_pd(_mm256_loadu_pd(row + j + 4), _mm256_loadu_pd(x + j + 4), s1);
      s2 = _mm256_fmadd_pd(_mm256_loadu_pd(row + j + 8), _mm256_loadu_pd(x + j + 8), s2);
      s3 = _mm256_fmadd_pd(_mm256_loadu_pd(row + j + 12), _mm256_loadu_pd(x + j + 12), s3);
    }
    __m256d s = _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3));
    __m128d half = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
    double sum = _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
    for (; j < n; ++j) sum += row[j] * x[j];
    y[i] = sum;
  }
}

__attribute__((target("avx2,fma"))) static void vecmat_avx2(ptrdiff_t m, ptrdiff_t n, const double *p,
                                                            const double *w, double *q) {
  for (ptrdiff_t j = 0; j < n; ++j) q[j] = 0;
  for (ptrdiff_t i = 0; i < m; ++i) {
    if (p[i] == 0) continue;
    const double *row = w + i * n;
    const __m256d weight = _mm256_set1_pd(p[i]);
    ptrdiff_t j = 0;
    for (; j + 8 <= n; j += 8) {
      _mm256_storeu_pd(q + j, _mm256_fmadd_pd(weight, _mm256_loadu_pd(row + j), _mm256_loadu_pd(q + j)));
      _mm256_storeu_pd(q + j + 4, _mm256_fmadd_pd(weight, _mm256_loadu_pd(row + j + 4), _mm256_loadu_pd(q + j + 4)));
    }
    for (; j < n; ++j) q[j] += p[i] * row[j];
  }
}
#endif

static void matvec_generic(ptrdiff_t m, ptrdiff_t n, const double *w, const double *x, double *y) {
  for (ptrdiff_t i = 0; i < m; ++i) {
    const double *row = w + i * n;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    ptrdiff_t j = 0;
    for (; j + 4 <= n; j += 4) {
      s0 += row[j] * x[j];
      s1 += row[j + 1] * x[j + 1];
      s2 += row[j + 2] * x[j + 2];
      s3 += row[j + 3] * x[j + 3];
    }
    double sum = (s0 + s1) + (s2 + s3);
    for (; j < n; ++j) sum += row[j] * x[j];
    y[i] = sum;
  }
}

static void vecmat_generic(ptrdiff_t m, ptrdiff_t n, const double *p, const double *w, double *q) {
  for (ptrdiff_t j = 0; j < n; ++j) q[j] = 0;
  for (ptrdiff_t i = 0; i < m; ++i) {
    if (p[i] == 0) continue;
    const double *row = w + i * n;
    for (ptrdiff_t j = 0; j < n; ++j) q[j] += p[i] * row[j];
  }
}

void mi_dmatvec(ptrdiff_t m, ptrdiff_t n, const double *w, const double *x, double *y) {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    matvec_avx2(m, n, w, x, y);
    return;
  }
#endif
  matvec_generic(m, n, w, x, y);
}

void mi_dvecmat(ptrdiff_t m, ptrdiff_t n, const double *p, const double *w, double *q) {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    vecmat_avx2(m, n, p, w, q);
    return;
  }
#endif
  vecmat_generic(m, n, p, w, q);
}
