// The product for any CPU: the same code as gemm_avx2.c for the baseline instruction
// set, where each fused multiply-add is C's fma() (exact in software, and slow): the
// same sums in the same order, so a machine without FMA gets the same bits.
#include <stddef.h>

#pragma clang fp contract(off)

#define ISA portable
#include "gemm_instances.inc"
