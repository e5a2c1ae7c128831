#ifndef BACKPROP_GEMM_H
#define BACKPROP_GEMM_H

// The engine's matrix product, C = alpha·op(A)·op(B) + beta·C (+ bias) on row-major
// matrices, with one summation order on every machine:
//
//     s = 0;  for p in 0 ..< k:  s = fma(op(A)[i][p], op(B)[p][j], s)
//     C[i][j] = (alpha·s + beta·C[i][j]) + bias[j]
//
// that is, each element's products are added one after another in the order of p, each
// with one rounding (a fused multiply-add, as C's fma() computes it), exactly as that
// plain loop does. Vectors run across output columns only, so their width never changes
// a sum, and callers may split C's rows or columns over threads freely: the result is
// the same bits on every CPU, for any thread count. beta = 0 does not read C (as BLAS),
// and the beta and bias terms are left out when 0 and NULL.

#include <stddef.h>

void backprop_sgemm(int transposeA, int transposeB, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, float alpha,
                    const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb, float beta, float *c,
                    ptrdiff_t ldc, const float *bias);

void backprop_dgemm(int transposeA, int transposeB, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha,
                    const double *a, ptrdiff_t lda, const double *b, ptrdiff_t ldb, double beta, double *c,
                    ptrdiff_t ldc, const double *bias);

// The instruction set the products run on: "avx2" (with FMA) or "portable" (any CPU,
// fma() in software, slow). Both give the same bits; BACKPROP_GEMM=portable forces the
// second, so tests can compare them.
const char *backprop_gemm_kernel(void);

// 1 where the products run on AVX2, 0 for the portable kernel: the engine's one choice of
// instruction set, made once, which its vector loops (Sources/CVectorMath) follow too.
int backprop_avx2_chosen(void);

#endif
