// The public products: each thread's packing buffers, and the choice between the AVX2
// and the portable kernels (the same bits either way).
#include "backprop_gemm.h"
#include "gemm_blocking.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(off)

#define GEMM_INSTANCE(S, T, ISA)                                                                        \
    void backprop_##S##gemm_##ISA(int, int, ptrdiff_t, ptrdiff_t, ptrdiff_t, T, const T *, ptrdiff_t,   \
                                  const T *, ptrdiff_t, T, T *, ptrdiff_t, const T *, T *, T *);
GEMM_INSTANCE(s, float, portable)
GEMM_INSTANCE(d, double, portable)
#if defined(__x86_64__)
GEMM_INSTANCE(s, float, avx2)
GEMM_INSTANCE(d, double, avx2)
#endif

enum { kernel_unknown, kernel_portable, kernel_avx2 };
static _Atomic int chosen_kernel = kernel_unknown;

static int kernel(void) {
    int chosen = atomic_load_explicit(&chosen_kernel, memory_order_relaxed);
    if (chosen != kernel_unknown) return chosen;
    chosen = kernel_portable;
#if defined(__x86_64__)
    const char *forced = getenv("BACKPROP_GEMM");
    if (!(forced && strcmp(forced, "portable") == 0) && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma"))
        chosen = kernel_avx2;
#endif
    atomic_store_explicit(&chosen_kernel, chosen, memory_order_relaxed);
    return chosen;
}

const char *backprop_gemm_kernel(void) { return kernel() == kernel_avx2 ? "avx2" : "portable"; }

int backprop_avx2_chosen(void) { return kernel() == kernel_avx2; }

// Each thread packs into its own buffers, grown to the largest product it has run and
// kept, so a warm training step allocates nothing.
typedef struct {
    void *memory;
    size_t bytes;
} Buffer;

static _Thread_local Buffer packed_b_buffer;
static _Thread_local Buffer partial_buffer;

static void *reserve(Buffer *buffer, size_t bytes) {
    if (buffer->bytes < bytes) {
        free(buffer->memory);
        size_t rounded = (bytes + 4095) & ~(size_t)4095;
        buffer->memory = aligned_alloc(64, rounded);
        buffer->bytes = buffer->memory ? rounded : 0;
    }
    return buffer->memory;
}

static size_t rounded_up(ptrdiff_t count, ptrdiff_t multiple) {
    return (size_t)((count + multiple - 1) / multiple * multiple);
}

// Without room for the panels: the plain loop, slow but with the same sums in the same order.
#define UNPACKED_GEMM(S, T)                                                                                \
    static void unpacked_##S##gemm(int transposeA, int transposeB, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,   \
                                   T alpha, const T *a, ptrdiff_t lda, const T *b, ptrdiff_t ldb, T beta,   \
                                   T *c, ptrdiff_t ldc, const T *bias) {                                    \
        for (ptrdiff_t i = 0; i < m; i++)                                                                   \
            for (ptrdiff_t j = 0; j < n; j++) {                                                             \
                T sum = 0;                                                                                  \
                for (ptrdiff_t p = 0; p < k; p++)                                                           \
                    sum = FMA(T)(transposeA ? a[p * lda + i] : a[i * lda + p],                              \
                                 transposeB ? b[j * ldb + p] : b[p * ldb + j], sum);                        \
                T value = alpha * sum;                                                                      \
                if (beta != 0) value = value + beta * c[i * ldc + j];                                       \
                if (bias) value = value + bias[j];                                                          \
                c[i * ldc + j] = value;                                                                     \
            }                                                                                               \
    }
#define FMA(T) FMA_##T
#define FMA_float fmaf
#define FMA_double fma
UNPACKED_GEMM(s, float)
UNPACKED_GEMM(d, double)

#define GEMM_ENTRY(S, T, PANEL_COLUMNS)                                                                    \
    void backprop_##S##gemm(int transposeA, int transposeB, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, T alpha, \
                            const T *a, ptrdiff_t lda, const T *b, ptrdiff_t ldb, T beta, T *c,             \
                            ptrdiff_t ldc, const T *bias) {                                                 \
        if (m <= 0 || n <= 0) return;                                                                       \
        T *packed_b = reserve(&packed_b_buffer, rounded_up(n, PANEL_COLUMNS) * KC * sizeof(T));            \
        T *partial = beta != 0 && k > KC ? reserve(&partial_buffer, (size_t)m * n * sizeof(T)) : 0;         \
        if (k <= 0 || !packed_b || (beta != 0 && k > KC && !partial))                          \
            unpacked_##S##gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias);  \
        else if (kernel() == kernel_avx2)                                                                    \
            AVX_CALL(S);                                                                                    \
        else                                                                                                \
            backprop_##S##gemm_portable(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c,    \
                                        ldc, bias, packed_b, partial);                            \
    }

#if defined(__x86_64__)
#define AVX_CALL(S)                                                                                        \
    backprop_##S##gemm_avx2(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias,       \
                           packed_b, partial)
#else
#define AVX_CALL(S) abort()
#endif

GEMM_ENTRY(s, float, 16)
GEMM_ENTRY(d, double, 8)
