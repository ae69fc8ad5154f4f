// Elementwise kernels whose Swift form compiles to a branch per element: LLVM turns an
// in-place `x = x > 0 ? x : 0` into a conditional store when it sees the load, and then
// cannot vectorize it. Written here as a select over separate values, they vectorize.
#include "MIKernels.h"

#include <math.h>

void mi_relu_f32(float *x, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; ++i) {
    float v = x[i];
    x[i] = v < 0.0f ? 0.0f : v;
  }
}

void mi_relu_backward_f32(float *g, const float *y, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; ++i) {
    float v = g[i];
    g[i] = y[i] > 0.0f ? v : 0.0f;
  }
}

float mi_sum_f32(const float *x, ptrdiff_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  ptrdiff_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int l = 0; l < 8; ++l) acc[l] += x[i + l];
  }
  float total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; i < n; ++i) total += x[i];
  return total;
}

float mi_max_f32(const float *x, ptrdiff_t n) {
  float acc[8] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
  int nan = 0;
  ptrdiff_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int l = 0; l < 8; ++l) {
      float v = x[i + l];
      nan |= v != v;
      acc[l] = v > acc[l] ? v : acc[l];
    }
  }
  float best = -INFINITY;
  for (int l = 0; l < 8; ++l) best = acc[l] > best ? acc[l] : best;
  for (; i < n; ++i) {
    nan |= x[i] != x[i];
    best = x[i] > best ? x[i] : best;
  }
  return nan ? NAN : best;
}
