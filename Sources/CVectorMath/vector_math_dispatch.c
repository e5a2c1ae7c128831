#include "backprop_vector_math.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

void backprop_gelu_portable(const float *, float *, ptrdiff_t);
void backprop_gelu_backward_portable(const float *, const float *, float *, ptrdiff_t, int);
#if defined(__x86_64__)
void backprop_gelu_avx2(const float *, float *, ptrdiff_t);
void backprop_gelu_backward_avx2(const float *, const float *, float *, ptrdiff_t, int);
#endif

enum { kernel_unknown, kernel_portable, kernel_avx2 };
static _Atomic int chosen_kernel = kernel_unknown;

// AVX2 where the CPU has it, unless BACKPROP_GEMM=portable asks for the baseline loops (the
// same switch as the matrix product's, so one variable runs the whole engine portably).
static int kernel(void) {
    int chosen = atomic_load_explicit(&chosen_kernel, memory_order_relaxed);
    if (chosen != kernel_unknown) return chosen;
    chosen = kernel_portable;
#if defined(__x86_64__)
    const char *forced = getenv("BACKPROP_GEMM");
    if (!(forced && strcmp(forced, "portable") == 0) && __builtin_cpu_supports("avx2")) chosen = kernel_avx2;
#endif
    atomic_store_explicit(&chosen_kernel, chosen, memory_order_relaxed);
    return chosen;
}

const char *backprop_vector_kernel(void) { return kernel() == kernel_avx2 ? "avx2" : "portable"; }

void backprop_gelu_f32(const float *x, float *y, ptrdiff_t count) {
#if defined(__x86_64__)
    if (kernel() == kernel_avx2) {
        backprop_gelu_avx2(x, y, count);
        return;
    }
#endif
    backprop_gelu_portable(x, y, count);
}

void backprop_gelu_backward_f32(const float *x, const float *dy, float *dx, ptrdiff_t count, int overwriting) {
#if defined(__x86_64__)
    if (kernel() == kernel_avx2) {
        backprop_gelu_backward_avx2(x, dy, dx, count, overwriting);
        return;
    }
#endif
    backprop_gelu_backward_portable(x, dy, dx, count, overwriting);
}
