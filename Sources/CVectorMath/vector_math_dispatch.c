#include "backprop_vector_math.h"

#include "backprop_gemm.h"

void backprop_gelu_portable(const float *, float *, ptrdiff_t);
void backprop_gelu_backward_portable(const float *, const float *, float *, ptrdiff_t, int);
#if defined(__x86_64__)
void backprop_gelu_avx2(const float *, float *, ptrdiff_t);
void backprop_gelu_backward_avx2(const float *, const float *, float *, ptrdiff_t, int);
#endif

// The loops follow the matrix product's choice (AVX2 with FMA where the CPU has both, unless
// BACKPROP_GEMM=portable), so one switch runs the whole engine portably.

void backprop_gelu_f32(const float *x, float *y, ptrdiff_t count) {
#if defined(__x86_64__)
    if (backprop_avx2_chosen()) {
        backprop_gelu_avx2(x, y, count);
        return;
    }
#endif
    backprop_gelu_portable(x, y, count);
}

void backprop_gelu_backward_f32(const float *x, const float *dy, float *dx, ptrdiff_t count, int overwriting) {
#if defined(__x86_64__)
    if (backprop_avx2_chosen()) {
        backprop_gelu_backward_avx2(x, dy, dx, count, overwriting);
        return;
    }
#endif
    backprop_gelu_backward_portable(x, dy, dx, count, overwriting);
}
