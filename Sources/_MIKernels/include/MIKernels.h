// _MIKernels: the few machine kernels that Swift cannot express portably.
//
// Not API: the leading underscore marks this module as an implementation detail of
// MITensor. Swift has no per-function target attributes, so a package compiled for
// baseline x86-64 would run its matrix multiplication on 4-wide SSE without FMA. These
// kernels are compiled twice (AVX2+FMA and generic) and pick the best at run time.
#ifndef MI_KERNELS_H
#define MI_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Single-precision general matrix multiplication on row-major storage:
/// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, where op(A)[i][p] is
/// a[i·lda + p], or a[p·lda + i] when `transpose_a` is non-zero (likewise for B).
/// When beta is 0, C is not read (it may hold NaN). Single-threaded: callers split
/// C into blocks of rows or columns for threads.
void mi_sgemm(int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              float alpha, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
              float beta, float *c, ptrdiff_t ldc);

/// The name of the kernel `mi_sgemm` uses on this processor: "avx2-fma" or "generic".
const char *mi_sgemm_kernel_name(void);

#ifdef __cplusplus
}
#endif

#endif
