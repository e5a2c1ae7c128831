import CGemm

// The engine's one binding to its matrix product (Sources/CGemm): the gemm of each scalar
// type. Only this file imports CGemm.

extension Float {
    /// C = (alpha·op(A)·op(B) + beta·C) + bias, each sum taken in the order of k on every CPU.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>?
    ) {
        backprop_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias)
    }
}

extension Double {
    /// C = (alpha·op(A)·op(B) + beta·C) + bias, each sum taken in the order of k on every CPU.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double,
        c: UnsafeMutablePointer<Double>, ldc: Int, bias: UnsafePointer<Double>?
    ) {
        backprop_dgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias)
    }
}

/// The instruction set the engine's matrix products run on: "avx2" or "portable" (the
/// same bits either way).
public var gemmKernel: String { String(cString: backprop_gemm_kernel()) }
