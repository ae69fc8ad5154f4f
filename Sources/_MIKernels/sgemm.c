// Cache-blocked single-precision GEMM in the style of BLIS (Van Zee & van de Geijn,
// "BLIS: A Framework for Rapidly Instantiating BLAS Functionality", TOMS 2015):
// B is packed into KC×NR panels that stay in L3/L2, A into MR×KC panels that stay in L2,
// and a register-blocked MR×NR micro-kernel streams both. Transposes are absorbed by the
// packing routines, so every layout runs the same kernel.
#include "MIKernels.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MI_X86 1
#endif

enum { MR = 6, NR = 16, KC = 256, MC = 144, NC = 4080 };

// Per-thread packing buffers, grown on demand and reused across calls so that a training
// step allocates nothing here.
static _Thread_local float *packed_a = NULL;
static _Thread_local size_t packed_a_capacity = 0;
static _Thread_local float *packed_b = NULL;
static _Thread_local size_t packed_b_capacity = 0;

static float *reserve(float **buffer, size_t *capacity, size_t count) {
  if (*capacity < count) {
    free(*buffer);
    size_t bytes = ((count * sizeof(float)) + 63) / 64 * 64;
    *buffer = (float *)aligned_alloc(64, bytes);
    *capacity = *buffer ? count : 0;
  }
  return *buffer;
}

// Packs rows [0, mc) × columns [0, kc) of op(A) (already offset to the block's origin)
// into panels of MR rows: panel r holds, for each p, MR consecutive values.
static void pack_a(int trans, const float *restrict a, ptrdiff_t lda, ptrdiff_t mc, ptrdiff_t kc,
                   float *restrict out) {
  for (ptrdiff_t i0 = 0; i0 < mc; i0 += MR) {
    ptrdiff_t rows = mc - i0 < MR ? mc - i0 : MR;
    if (rows == MR && !trans) {
      // Six source rows walked together, each contiguously.
      const float *r0 = a + i0 * lda, *r1 = r0 + lda, *r2 = r1 + lda, *r3 = r2 + lda, *r4 = r3 + lda, *r5 = r4 + lda;
      for (ptrdiff_t p = 0; p < kc; ++p) {
        out[0] = r0[p]; out[1] = r1[p]; out[2] = r2[p]; out[3] = r3[p]; out[4] = r4[p]; out[5] = r5[p];
        out += MR;
      }
      continue;
    }
    if (rows == MR && trans) {
      for (ptrdiff_t p = 0; p < kc; ++p) {
        __builtin_memcpy(out, a + p * lda + i0, MR * sizeof(float));
        out += MR;
      }
      continue;
    }
    for (ptrdiff_t p = 0; p < kc; ++p) {
      for (ptrdiff_t r = 0; r < rows; ++r) {
        ptrdiff_t i = i0 + r;
        out[r] = trans ? a[p * lda + i] : a[i * lda + p];
      }
      for (ptrdiff_t r = rows; r < MR; ++r) out[r] = 0;
      out += MR;
    }
  }
}

// Packs rows [0, kc) × columns [0, nc) of op(B) into panels of NR columns.
static void pack_b(int trans, const float *restrict b, ptrdiff_t ldb, ptrdiff_t kc, ptrdiff_t nc,
                   float *restrict out) {
  for (ptrdiff_t j0 = 0; j0 < nc; j0 += NR) {
    ptrdiff_t cols = nc - j0 < NR ? nc - j0 : NR;
    if (!trans && cols == NR) {
      // A fixed-length copy the compiler turns into vector moves (a memcpy call per 64
      // bytes cost more than the copy).
      for (ptrdiff_t p = 0; p < kc; ++p) {
        __builtin_memcpy(out, b + p * ldb + j0, NR * sizeof(float));
        out += NR;
      }
      continue;
    }
    if (trans && cols == NR) {
      // Column j of op(B) is row j of B: walk each of the 16 rows once, contiguously.
      for (int c = 0; c < NR; ++c) {
        const float *row = b + (j0 + c) * ldb;
        for (ptrdiff_t p = 0; p < kc; ++p) out[p * NR + c] = row[p];
      }
      out += NR * kc;
      continue;
    }
    for (ptrdiff_t p = 0; p < kc; ++p) {
      for (ptrdiff_t c = 0; c < cols; ++c) {
        ptrdiff_t j = j0 + c;
        out[c] = trans ? b[j * ldb + p] : b[p * ldb + j];
      }
      for (ptrdiff_t c = cols; c < NR; ++c) out[c] = 0;
      out += NR;
    }
  }
}

// Writes an MR×NR tile of accumulators to C: C = alpha·acc + beta·C on rows < mr and
// columns < nr (beta == 0 never reads C).
static void store_tile(const float *acc, ptrdiff_t mr, ptrdiff_t nr, float alpha,
                       float beta, float *c, ptrdiff_t ldc) {
  for (ptrdiff_t r = 0; r < mr; ++r) {
    float *row = c + r * ldc;
    const float *source = acc + r * NR;
    if (beta == 0) {
      for (ptrdiff_t j = 0; j < nr; ++j) row[j] = alpha * source[j];
    } else {
      for (ptrdiff_t j = 0; j < nr; ++j) row[j] = alpha * source[j] + beta * row[j];
    }
  }
}

typedef void (*micro_kernel)(ptrdiff_t kc, const float *a, const float *b, float *c,
                             ptrdiff_t ldc, float alpha, float beta, ptrdiff_t mr,
                             ptrdiff_t nr);

// Portable micro-kernel: plain loops the compiler vectorizes for the baseline target.
static void kernel_generic(ptrdiff_t kc, const float *a, const float *b, float *c,
                           ptrdiff_t ldc, float alpha, float beta, ptrdiff_t mr,
                           ptrdiff_t nr) {
  float acc[MR * NR];
  memset(acc, 0, sizeof(acc));
  for (ptrdiff_t p = 0; p < kc; ++p) {
    const float *bp = b + p * NR;
    const float *ap = a + p * MR;
    for (int r = 0; r < MR; ++r) {
      float av = ap[r];
      for (int j = 0; j < NR; ++j) acc[r * NR + j] += av * bp[j];
    }
  }
  store_tile(acc, mr, nr, alpha, beta, c, ldc);
}

#ifdef MI_X86
// 6×16 AVX2/FMA micro-kernel: 12 ymm accumulators, 2 for B, 1 broadcast of A.
__attribute__((target("avx2,fma"))) static void
kernel_avx2(ptrdiff_t kc, const float *a, const float *b, float *c, ptrdiff_t ldc,
            float alpha, float beta, ptrdiff_t mr, ptrdiff_t nr) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (ptrdiff_t p = 0; p < kc; ++p) {
    __m256 b0 = _mm256_load_ps(b);
    __m256 b1 = _mm256_load_ps(b + 8);
    __m256 av;
    av = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
    a += MR;
    b += NR;
  }
  if (mr == MR && nr == NR) {
    __m256 va = _mm256_set1_ps(alpha);
    __m256 rows[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    if (beta == 0) {
      for (int r = 0; r < MR; ++r) {
        _mm256_storeu_ps(c + r * ldc, _mm256_mul_ps(va, rows[r][0]));
        _mm256_storeu_ps(c + r * ldc + 8, _mm256_mul_ps(va, rows[r][1]));
      }
    } else {
      __m256 vb = _mm256_set1_ps(beta);
      for (int r = 0; r < MR; ++r) {
        float *row = c + r * ldc;
        _mm256_storeu_ps(row, _mm256_fmadd_ps(va, rows[r][0], _mm256_mul_ps(vb, _mm256_loadu_ps(row))));
        _mm256_storeu_ps(row + 8, _mm256_fmadd_ps(va, rows[r][1], _mm256_mul_ps(vb, _mm256_loadu_ps(row + 8))));
      }
    }
    return;
  }
  float acc[MR * NR] __attribute__((aligned(32)));
  _mm256_store_ps(acc + 0 * NR, c00); _mm256_store_ps(acc + 0 * NR + 8, c01);
  _mm256_store_ps(acc + 1 * NR, c10); _mm256_store_ps(acc + 1 * NR + 8, c11);
  _mm256_store_ps(acc + 2 * NR, c20); _mm256_store_ps(acc + 2 * NR + 8, c21);
  _mm256_store_ps(acc + 3 * NR, c30); _mm256_store_ps(acc + 3 * NR + 8, c31);
  _mm256_store_ps(acc + 4 * NR, c40); _mm256_store_ps(acc + 4 * NR + 8, c41);
  _mm256_store_ps(acc + 5 * NR, c50); _mm256_store_ps(acc + 5 * NR + 8, c51);
  store_tile(acc, mr, nr, alpha, beta, c, ldc);
}
#endif

static micro_kernel select_kernel(void) {
#ifdef MI_X86
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return kernel_avx2;
#endif
  return kernel_generic;
}

const char *mi_sgemm_kernel_name(void) {
  return select_kernel() == kernel_generic ? "generic" : "avx2-fma";
}

// Scales C by beta (beta == 0 writes zeros without reading C): the k == 0 case.
static void scale_c(ptrdiff_t m, ptrdiff_t n, float beta, float *c, ptrdiff_t ldc) {
  for (ptrdiff_t i = 0; i < m; ++i) {
    float *row = c + i * ldc;
    if (beta == 0) {
      memset(row, 0, (size_t)n * sizeof(float));
    } else {
      for (ptrdiff_t j = 0; j < n; ++j) row[j] *= beta;
    }
  }
}

// Multiplies rows [row_begin, row_end) of op(A)'s current K block by B panels
// [panel_begin, panel_end) of the packed block `bp` (kc deep, nc wide), into C. Packs A
// into this thread's buffer one MC block at a time.
static void macro_block(micro_kernel kernel, int transpose_a, const float *a, ptrdiff_t lda,
                        const float *bp, ptrdiff_t kc, ptrdiff_t nc, ptrdiff_t pc, ptrdiff_t jc,
                        ptrdiff_t row_begin, ptrdiff_t row_end, ptrdiff_t panel_begin,
                        ptrdiff_t panel_end, float alpha, float beta_block, float *c, ptrdiff_t ldc) {
  ptrdiff_t mc_max = row_end - row_begin < MC ? row_end - row_begin : MC;
  float *ap = reserve(&packed_a, &packed_a_capacity, (size_t)kc * (size_t)((mc_max + MR - 1) / MR * MR));
  if (!ap) abort();
  for (ptrdiff_t ic = row_begin; ic < row_end; ic += MC) {
    ptrdiff_t mc = row_end - ic < MC ? row_end - ic : MC;
    const float *a_block = transpose_a ? a + pc * lda + ic : a + ic * lda + pc;
    pack_a(transpose_a, a_block, lda, mc, kc, ap);
    for (ptrdiff_t panel = panel_begin; panel < panel_end; ++panel) {
      ptrdiff_t jr = panel * NR;
      ptrdiff_t nr = nc - jr < NR ? nc - jr : NR;
      const float *b_panel = bp + panel * NR * kc;
      for (ptrdiff_t ir = 0; ir < mc; ir += MR) {
        ptrdiff_t mr = mc - ir < MR ? mc - ir : MR;
        kernel(kc, ap + (ir / MR) * MR * kc, b_panel, c + (ic + ir) * ldc + jc + jr, ldc, alpha,
               beta_block, mr, nr);
      }
    }
  }
}

void mi_sgemm(int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              float alpha, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
              float beta, float *c, ptrdiff_t ldc) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0) {
    scale_c(m, n, beta, c, ldc);
    return;
  }
  micro_kernel kernel = select_kernel();
  ptrdiff_t nc_max = n < NC ? n : NC;
  ptrdiff_t kc_max = k < KC ? k : KC;
  float *bp = reserve(&packed_b, &packed_b_capacity,
                      (size_t)kc_max * (size_t)((nc_max + NR - 1) / NR * NR));
  if (!bp) abort();
  for (ptrdiff_t jc = 0; jc < n; jc += NC) {
    ptrdiff_t nc = n - jc < NC ? n - jc : NC;
    for (ptrdiff_t pc = 0; pc < k; pc += KC) {
      ptrdiff_t kc = k - pc < KC ? k - pc : KC;
      const float *b_block = transpose_b ? b + jc * ldb + pc : b + pc * ldb + jc;
      pack_b(transpose_b, b_block, ldb, kc, nc, bp);
      macro_block(kernel, transpose_a, a, lda, bp, kc, nc, pc, jc, 0, m, 0, (nc + NR - 1) / NR, alpha,
                  pc == 0 ? beta : 1.0f, c, ldc);
    }
  }
}

// The state of one parallel multiplication, shared by its tasks.
typedef struct {
  micro_kernel kernel;
  int transpose_a, transpose_b;
  const float *a, *b;
  ptrdiff_t lda, ldb, m, ldc;
  float alpha, beta_block;
  float *c;
  float *bp;  // the packed B block, shared
  ptrdiff_t kc, nc, pc, jc;
  ptrdiff_t tasks, panels, panels_per_task, rows_per_task;
  int split_rows;
} parallel_gemm;

static void pack_b_task(void *context, ptrdiff_t task) {
  parallel_gemm *g = (parallel_gemm *)context;
  ptrdiff_t first = task * g->panels_per_task;
  ptrdiff_t last = first + g->panels_per_task < g->panels ? first + g->panels_per_task : g->panels;
  if (first >= last) return;
  ptrdiff_t j0 = first * NR;
  ptrdiff_t width = (last * NR < g->nc ? last * NR : g->nc) - j0;
  const float *b_block = g->transpose_b ? g->b + (g->jc + j0) * g->ldb + g->pc : g->b + g->pc * g->ldb + g->jc + j0;
  pack_b(g->transpose_b, b_block, g->ldb, g->kc, width, g->bp + first * NR * g->kc);
}

static void compute_task(void *context, ptrdiff_t task) {
  parallel_gemm *g = (parallel_gemm *)context;
  if (g->split_rows) {
    ptrdiff_t r0 = task * g->rows_per_task;
    ptrdiff_t r1 = r0 + g->rows_per_task < g->m ? r0 + g->rows_per_task : g->m;
    if (r0 >= r1) return;
    macro_block(g->kernel, g->transpose_a, g->a, g->lda, g->bp, g->kc, g->nc, g->pc, g->jc, r0, r1, 0,
                g->panels, g->alpha, g->beta_block, g->c, g->ldc);
  } else {
    ptrdiff_t p0 = task * g->panels_per_task;
    ptrdiff_t p1 = p0 + g->panels_per_task < g->panels ? p0 + g->panels_per_task : g->panels;
    if (p0 >= p1) return;
    macro_block(g->kernel, g->transpose_a, g->a, g->lda, g->bp, g->kc, g->nc, g->pc, g->jc, 0, g->m, p0, p1,
                g->alpha, g->beta_block, g->c, g->ldc);
  }
}

void mi_sgemm_parallel(int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                       float alpha, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                       float beta, float *c, ptrdiff_t ldc) {
  ptrdiff_t width = mi_parallel_width();
  if (width <= 1 || m <= 0 || n <= 0 || k <= 0 || alpha == 0) {
    mi_sgemm(transpose_a, transpose_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  parallel_gemm g;
  g.kernel = select_kernel();
  g.transpose_a = transpose_a;
  g.transpose_b = transpose_b;
  g.a = a;
  g.b = b;
  g.lda = lda;
  g.ldb = ldb;
  g.m = m;
  g.ldc = ldc;
  g.alpha = alpha;
  g.c = c;
  ptrdiff_t nc_max = n < NC ? n : NC;
  ptrdiff_t kc_max = k < KC ? k : KC;
  g.bp = reserve(&packed_b, &packed_b_capacity, (size_t)kc_max * (size_t)((nc_max + NR - 1) / NR * NR));
  if (!g.bp) abort();
  for (ptrdiff_t jc = 0; jc < n; jc += NC) {
    g.jc = jc;
    g.nc = n - jc < NC ? n - jc : NC;
    g.panels = (g.nc + NR - 1) / NR;
    for (ptrdiff_t pc = 0; pc < k; pc += KC) {
      g.pc = pc;
      g.kc = k - pc < KC ? k - pc : KC;
      g.beta_block = pc == 0 ? beta : 1.0f;
      // Pack B once, split by panels when it is large enough to be worth two threads.
      g.panels_per_task = (g.panels + width - 1) / width;
      if (g.kc * g.nc >= 16384) {
        mi_parallel_for(width, pack_b_task, &g);
      } else {
        g.panels_per_task = g.panels;
        pack_b_task(&g, 0);
      }
      // Then split C: by rows (multiples of MR) when it is tall enough, else by panels.
      g.split_rows = m >= width * MR * 4 || g.panels < width;
      if (g.split_rows) {
        g.rows_per_task = ((m + width - 1) / width + MR - 1) / MR * MR;
        g.tasks = (m + g.rows_per_task - 1) / g.rows_per_task;
      } else {
        g.panels_per_task = (g.panels + width - 1) / width;
        g.tasks = (g.panels + g.panels_per_task - 1) / g.panels_per_task;
      }
      mi_parallel_for(g.tasks, compute_task, &g);
    }
  }
}
