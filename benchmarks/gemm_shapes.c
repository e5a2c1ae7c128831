/* The engine's matrix product (Sources/CGemm) on one thread, on the products of a training
 * step of `bench --config gpt`, against the machine's own peak: the fused multiply-adds one
 * core retires when nothing else limits it. Build (with clang, as SwiftPM builds the
 * library) and run:
 *
 *   S=Sources/CGemm; clang -O2 -I$S/include -I$S -o /tmp/gemm_shapes benchmarks/gemm_shapes.c \
 *       $S/gemm_dispatch.c $S/gemm_avx2.c $S/gemm_portable.c -lm && /tmp/gemm_shapes
 *
 * Each figure is the best of 15 timed rounds, so another process on a shared machine
 * lowers it less than it lowers a mean; compare figures from the same run only.
 */
#include "backprop_gemm.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* One core's peak: twelve independent chains of 8-lane fused multiply-adds, enough to
 * keep two FMA units busy through their latency. GFLOP/s counts 2 per multiply-add. */
#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static double fma_peak(void) {
    __m256 chains[12];
    __m256 x = _mm256_set1_ps(1.0000001f), y = _mm256_set1_ps(0.999999f);
    for (int j = 0; j < 12; j++) chains[j] = _mm256_set1_ps((float)j);
    const long rounds = 50000000;
    double best = 1e30;
    for (int trial = 0; trial < 3; trial++) {
        double start = now();
        for (long i = 0; i < rounds; i++) {
            for (int j = 0; j < 12; j++) chains[j] = _mm256_fmadd_ps(chains[j], x, y);
            __asm__ volatile("" : "+x"(chains[0]), "+x"(chains[1]), "+x"(chains[2]), "+x"(chains[3]),
                             "+x"(chains[4]), "+x"(chains[5]), "+x"(chains[6]), "+x"(chains[7]),
                             "+x"(chains[8]), "+x"(chains[9]), "+x"(chains[10]), "+x"(chains[11]));
        }
        double elapsed = now() - start;
        if (elapsed < best) best = elapsed;
    }
    return rounds * 12.0 * 16.0 / best / 1e9;
}
#endif

typedef struct {
    int transposeA, transposeB, m, n, k;
    const char *what;
} Shape;

/* The gpt workload: batch 12 x context 64 = 768 rows, width 128, vocabulary 65, and one
 * head's attention (64 positions, 32 wide) on its longest row block. */
static const Shape shapes[] = {
    {0, 0, 768, 384, 128, "q,k,v projection"},
    {0, 0, 768, 128, 128, "output projection"},
    {0, 0, 768, 512, 128, "MLP up"},
    {0, 0, 768, 128, 512, "MLP down"},
    {0, 1, 768, 65, 128, "logits (tied)"},
    {0, 1, 768, 128, 384, "input gradient, q,k,v"},
    {1, 0, 128, 384, 768, "weight gradient, q,k,v"},
    {1, 0, 512, 128, 768, "weight gradient, MLP down"},
    {0, 1, 64, 64, 32, "attention scores"},
    {0, 0, 64, 32, 64, "attention-weighted values"},
    {0, 0, 1024, 1024, 1024, "square 1024"},
};

int main(void) {
    const size_t count = 1 << 22;
    float *a = malloc(count * sizeof(float)), *b = malloc(count * sizeof(float)),
          *c = malloc(count * sizeof(float));
    if (!a || !b || !c) return 1;
    for (size_t i = 0; i < count; i++) {
        a[i] = (float)(rand() % 100) / 100;
        b[i] = (float)(rand() % 100) / 100;
    }
    double peak = 0;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) peak = fma_peak();
#endif
    printf("kernel %s, one thread; FMA peak %.1f GFLOP/s\n\n", backprop_gemm_kernel(), peak);
    printf("%-27s %5s %5s %5s %9s %8s\n", "product", "m", "n", "k", "GFLOP/s", "of peak");
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        Shape x = shapes[s];
        int lda = x.transposeA ? x.m : x.k, ldb = x.transposeB ? x.k : x.n;
        double flops = 2.0 * x.m * x.n * x.k;
        int repeats = (int)(1e8 / flops) + 1;
        double best = 1e30;
        for (int trial = 0; trial < 15; trial++) {
            double start = now();
            for (int r = 0; r < repeats; r++)
                backprop_sgemm(x.transposeA, x.transposeB, x.m, x.n, x.k, 1, a, lda, b, ldb, 0, c, x.n, 0);
            double elapsed = now() - start;
            if (elapsed < best) best = elapsed;
        }
        double rate = flops * repeats / best / 1e9;
        printf("%-27s %5d %5d %5d %9.1f %7.0f%%\n", x.what, x.m, x.n, x.k, rate, peak > 0 ? 100 * rate / peak : 0);
    }
    free(a);
    free(b);
    free(c);
    return 0;
}
