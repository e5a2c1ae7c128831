// The loops compiled for AVX2 (eight floats a vector), chosen at run time where the CPU
// has it. No FMA: contraction is off and the target lacks it, so every operation rounds
// as in vector_math_portable.c.
#if defined(__x86_64__)
#include <stddef.h>
#include <stdint.h>

#pragma clang fp contract(off)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)

#include "backprop_float_math.h"
#define NAME(x) backprop_##x##_avx2
#include "gelu_body.inc"
#undef NAME

#pragma clang attribute pop

#endif
