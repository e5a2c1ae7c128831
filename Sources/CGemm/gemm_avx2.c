// The product compiled for AVX2 with FMA (256-bit vectors, fused multiply-adds), chosen
// at run time where the CPU has both. The same sums in the same order as
// gemm_portable.c: a hardware fused multiply-add rounds exactly as C's fma() does.
#if defined(__x86_64__)
#include <stddef.h>

#pragma clang fp contract(off)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define ISA avx2
#include "gemm_instances.inc"

#pragma clang attribute pop

#endif
