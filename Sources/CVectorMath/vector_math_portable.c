// The loops for any CPU (the baseline instruction set): the same code as
// vector_math_avx2.c, so a machine without AVX2 gets the same bits.
#include <stddef.h>

#pragma clang fp contract(off)

#include "backprop_float_math.h"
#define NAME(x) backprop_##x##_portable
#include "gelu_body.inc"
#undef NAME
