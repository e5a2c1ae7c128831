import CBLAS

// The engine's one binding to BLAS: the matrix product for each scalar type, and
// OpenBLAS's threading switched off (see `BLASThreads`). Only this file imports CBLAS.

/// OpenBLAS's own thread pool is switched off: the engine splits large products over its
/// `WorkerPool` instead, which also runs the elementwise passes in parallel, allocates
/// nothing per call (OpenBLAS's threaded driver mallocs its job table on every call) and
/// leaves no BLAS threads spinning beside it.
enum BLASThreads {
    private static let isSingleThreaded: Bool = {
        openblas_set_num_threads(1)
        return openblas_get_num_threads() == 1
    }()

    /// Makes every BLAS call single-threaded; cheap after the first call.
    static func useOnePerCall() {
        // A check rather than a bare access, which the optimiser may drop with the initialiser.
        precondition(isSingleThreaded, "OpenBLAS did not switch to one thread")
    }
}

extension Float {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Double {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
