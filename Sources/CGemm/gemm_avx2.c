// The product compiled for AVX2 with FMA (256-bit vectors, fused multiply-adds), chosen
// at run time where the CPU has both. The same sums in the same order as
// gemm_portable.c: a hardware fused multiply-add rounds exactly as C's fma() does.
#if defined(__x86_64__)
#include <stddef.h>

typedef float float8 __attribute__((vector_size(32)));
typedef double double4 __attribute__((vector_size(32)));

#pragma clang fp contract(off)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define NAME(x) backprop_s##x##_avx2
#define T float
#define L 8
#define V float8
#include "gemm_body.inc"
#undef V
#undef NAME
#undef T
#undef L

#define NAME(x) backprop_d##x##_avx2
#define T double
#define L 4
#define V double4
#include "gemm_body.inc"
#undef V
#undef NAME
#undef T
#undef L

#pragma clang attribute pop

#endif
