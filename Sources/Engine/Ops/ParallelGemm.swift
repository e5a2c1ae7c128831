extension EngineScalar {
    /// gemm with C's rows (or columns, when C is wider than tall) split over the worker
    /// pool, each chunk one product on its own thread. Every element is summed alone, so the
    /// split never changes a result. Splitting the longer side means
    /// each thread re-reads the smaller operand only: for a batch of 256 through a
    /// 1024-wide layer, the 1 MB of activations rather than the 4 MB of weights.
    static func parallelGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int, beta: Self,
        c: UnsafeMutablePointer<Self>, ldc: Int, bias: UnsafePointer<Self>?
    ) {
        let product = GemmChunks(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
            b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, bias: bias, splitsRows: m >= n)
        // Below this many multiply-adds per thread, a second thread costs more than it saves.
        let minimumWork = 1 << 18
        let (length, work) = product.splitsRows ? (m, n * k) : (n, m * k)
        WorkerPool.shared.forEachChunk(
            count: length, minimumChunk: max(1, minimumWork / max(work, 1)), alignment: 16, product)
    }
}

/// One gemm as a loop over C's rows or columns: each chunk is the product for those.
private struct GemmChunks<S: EngineScalar>: ChunkedLoop {
    let transposeA: Bool
    let transposeB: Bool
    let m: Int
    let n: Int
    let k: Int
    let alpha: S
    let a: UnsafePointer<S>
    let lda: Int
    let b: UnsafePointer<S>
    let ldb: Int
    let beta: S
    let c: UnsafeMutablePointer<S>
    let ldc: Int
    let bias: UnsafePointer<S>?
    let splitsRows: Bool

    func run(_ range: Range<Int>) {
        let start = range.lowerBound
        if splitsRows {
            // Rows of op(A): rows of A, or columns of a transposed A.
            S.gemm(
                transposeA: transposeA, transposeB: transposeB, m: range.count, n: n, k: k, alpha: alpha,
                a: transposeA ? a + start : a + start * lda, lda: lda, b: b, ldb: ldb, beta: beta,
                c: c + start * ldc, ldc: ldc, bias: bias)
        } else {
            // Columns of op(B): columns of B, or rows of a transposed B.
            S.gemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: range.count, k: k, alpha: alpha,
                a: a, lda: lda, b: transposeB ? b + start * ldb : b + start, ldb: ldb, beta: beta,
                c: c + start, ldc: ldc, bias: bias.map { $0 + start })
        }
    }
}
