#ifndef BACKPROP_VECTOR_MATH_H
#define BACKPROP_VECTOR_MATH_H

// The engine's elementwise loops that Swift cannot vectorise past the baseline instruction
// set: compiled once for any x86-64 CPU and once for AVX2, chosen at run time, the same
// bits either way (no fused multiply-adds, the same operations in the same order).

#include <stddef.h>

#include "backprop_float_math.h"

// y = x·Φ(x), the exact GELU.
void backprop_gelu_f32(const float *x, float *y, ptrdiff_t count);

// dx += dy·(Φ(x) + x·φ(x)), GELU's backward; with `overwriting`, dx = 0 + dy·(…), what
// adding into a zeroed gradient gives, without reading dx.
void backprop_gelu_backward_f32(const float *x, const float *dy, float *dx, ptrdiff_t count, int overwriting);

#endif
