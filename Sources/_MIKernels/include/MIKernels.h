// _MIKernels: the few machine kernels that Swift cannot express portably.
//
// Not API: the leading underscore marks this module as an implementation detail of
// MINumerics, MITensor and MIDiscrete. Swift has no per-function target attributes, so a
// package compiled for baseline x86-64 would run its matrix products on SSE without FMA.
// These kernels are compiled twice (AVX2+FMA and generic) and pick the best at run time.
#ifndef MI_KERNELS_H
#define MI_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A task of a parallel loop: called with the loop's context and a task index.
typedef void (*mi_task_fn)(void *context, ptrdiff_t index);

/// Runs fn(context, i) for i in [0, count) on the kernels' worker threads and the calling
/// thread (task i on participant i mod P), returning when all have finished. Serial when
/// called from inside a task or while another thread's loop is running.
void mi_parallel_for(ptrdiff_t count, mi_task_fn fn, void *context);

/// The number of participants a parallel loop can use (workers + the caller).
ptrdiff_t mi_parallel_width(void);

/// The cores this process may run on: the online processors, limited by the environment
/// variable MI_THREADS (a positive whole number) and, on Linux, by the thread's CPU affinity
/// (taskset, Slurm, cpusets) and its cgroup's CPU quota (containers), rounded up; at least 1.
long mi_usable_cores(void);

/// Test support: restricts the calling thread to the first CPU it may run on (restore = 0),
/// or gives it back the CPUs saved by the last such call (restore ≠ 0). Returns 0 on
/// success, -1 where thread affinity is not available. Not thread-safe.
int mi_pin_calling_thread(int restore);

/// y[i] = Σ_j w[i·n + j] · x[j] for i in [0, m): W·x for row-major W (m×n), in double.
void mi_dmatvec(ptrdiff_t m, ptrdiff_t n, const double *w, const double *x, double *y);

/// q[j] = Σ_i p[i] · w[i·n + j] for j in [0, n): pᵀW for row-major W (m×n), in double; rows
/// with p[i] = 0 are skipped.
void mi_dvecmat(ptrdiff_t m, ptrdiff_t n, const double *p, const double *w, double *q);

/// `mi_sgemm` split over the worker threads, with B packed once and shared.
void mi_sgemm_parallel(int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                       float alpha, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                       float beta, float *c, ptrdiff_t ldc);

/// Single-precision general matrix multiplication on row-major storage:
/// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, where op(A)[i][p] is
/// a[i·lda + p], or a[p·lda + i] when `transpose_a` is non-zero (likewise for B).
/// When beta is 0, C is not read (it may hold NaN). Single-threaded: callers split
/// C into blocks of rows or columns for threads.
void mi_sgemm(int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              float alpha, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
              float beta, float *c, ptrdiff_t ldc);

/// y[i] = e^{x[i]} for i < n (x and y may alias). AVX2/FMA when available: Cody–Waite
/// range reduction x = k·ln2 + r, a degree-6 polynomial for e^r on |r| ≤ ln2/2, and 2^k
/// by exponent arithmetic; relative error below 2 ulp on [−87.3, 88.7], 0 below that,
/// +∞ above, NaN for NaN.
void mi_exp_f32(const float *x, float *y, ptrdiff_t n);

/// x[i] = max(x[i], 0) in place (NaN stays NaN); vectorized by the C compiler.
void mi_relu_f32(float *x, ptrdiff_t n);

/// g[i] = y[i] > 0 ? g[i] : 0: the ReLU pullback from the layer's output.
void mi_relu_backward_f32(float *g, const float *y, ptrdiff_t n);

/// Σ x[i], with eight interleaved partial sums (vectorizable, and more accurate than one
/// running sum).
float mi_sum_f32(const float *x, ptrdiff_t n);

/// max x[i] (−∞ for n = 0); NaN if any x[i] is NaN.
float mi_max_f32(const float *x, ptrdiff_t n);

/// One Adam/AdamW update of n parameters, in place (Kingma & Ba 2015; Loshchilov &
/// Hutter 2019): g' = g + coupled·θ; m = β₁m + (1−β₁)g'; v = β₂v + (1−β₂)g'²;
/// θ = θ·shrink − step_size·m / (√(v / correction2) + ε).
void mi_adam_f32(float *theta, float *m, float *v, const float *g, ptrdiff_t n, float step_size,
                 float beta1, float beta2, float correction2, float epsilon, float coupled,
                 float shrink);

/// The name of the kernel `mi_sgemm` uses on this processor: "avx2-fma" or "generic".
const char *mi_sgemm_kernel_name(void);

#ifdef __cplusplus
}
#endif

#endif
