// The product for any CPU: the same code as gemm_avx2.c for the baseline instruction
// set, where each fused multiply-add is C's fma() (exact in software, and slow): the
// same sums in the same order, so a machine without FMA gets the same bits.
#include <stddef.h>

typedef float float8 __attribute__((vector_size(32)));
typedef double double4 __attribute__((vector_size(32)));

#pragma clang fp contract(off)

#define NAME(x) backprop_s##x##_portable
#define T float
#define L 8
#define V float8
#include "gemm_body.inc"
#undef V
#undef NAME
#undef T
#undef L

#define NAME(x) backprop_d##x##_portable
#define T double
#define L 4
#define V double4
#include "gemm_body.inc"
#undef V
#undef NAME
#undef T
#undef L
