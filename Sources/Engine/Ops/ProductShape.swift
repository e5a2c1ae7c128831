/// The sizes of a product C[m,n] = A[m,k]·B[k,n] and the kernels both products share.
struct ProductShape {
    let m: Int
    let k: Int
    let n: Int

    /// Below this many multiply-adds a plain loop beats the BLAS call overhead.
    private static let blasThreshold = 4096

    /// Whether the products go through BLAS (beta = 1 then adds onto C after summing A·B).
    var usesBLAS: Bool { m * n * k >= Self.blasThreshold }

    private var isSmall: Bool { !usesBLAS }

    /// C = A·B, or C += A·B when `accumulating`.
    func multiply<S: EngineScalar>(
        _ a: UnsafeMutablePointer<S>, _ b: UnsafeMutablePointer<S>, into c: UnsafeMutablePointer<S>,
        accumulating: Bool = false
    ) {
        if isSmall {
            for i in 0..<m {
                if !accumulating { for j in 0..<n { c[i * n + j] = 0 } }
                for p in 0..<k {
                    let aip = a[i * k + p]
                    for j in 0..<n { c[i * n + j] += aip * b[p * n + j] }
                }
            }
        } else {
            S.parallelGemm(
                transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n,
                beta: accumulating ? 1 : 0, c: c, ldc: n)
        }
    }

    /// Adds dA = dC·Bᵀ and dB = Aᵀ·dC into the operands' gradients (writing over a freshly
    /// zeroed one instead of clearing it first).
    func backpropagate<S: EngineScalar>(_: S.Type, from node: Tensor, left: Tensor, right: Tensor) {
        let a = left.values(S.self)
        let b = right.values(S.self)
        let dc = node.gradients(S.self)
        if left.requiresGrad {
            // dA[m,k] += dC[m,n] · Bᵀ
            if isSmall {
                let da = left.gradients(S.self)
                for i in 0..<m {
                    for p in 0..<k {
                        var sum: S = 0
                        for j in 0..<n { sum += dc[i * n + j] * b[p * n + j] }
                        da[i * k + p] += sum
                    }
                }
            } else {
                let (da, beta) = left.gradientsForOverwrite(S.self)
                S.parallelGemm(
                    transposeA: false, transposeB: true, m: m, n: k, k: n, alpha: 1, a: dc, lda: n, b: b,
                    ldb: n, beta: beta, c: da, ldc: k)
            }
        }
        if right.requiresGrad {
            // dB[k,n] += Aᵀ · dC[m,n]
            if isSmall {
                let db = right.gradients(S.self)
                for i in 0..<m {
                    for p in 0..<k {
                        let aip = a[i * k + p]
                        for j in 0..<n { db[p * n + j] += aip * dc[i * n + j] }
                    }
                }
            } else {
                let (db, beta) = right.gradientsForOverwrite(S.self)
                S.parallelGemm(
                    transposeA: true, transposeB: false, m: k, n: n, k: m, alpha: 1, a: a, lda: k, b: dc,
                    ldb: n, beta: beta, c: db, ldc: n)
            }
        }
    }
}

extension Tensor {
    /// The product shape of self·other, or the error naming `operation` and both shapes.
    func productShape(with other: Tensor, operation: String) throws(EngineError) -> ProductShape {
        guard rank == 2 else {
            throw .invalidShape(operation: operation, shape: shape, expected: "[rows, columns]")
        }
        guard other.rank == 2 else {
            throw .invalidShape(operation: operation, shape: other.shape, expected: "[rows, columns]")
        }
        guard shape[1] == other.shape[0] else {
            throw .shapeMismatch(operation: operation, left: shape, right: other.shape)
        }
        precondition(dtype == other.dtype, "operands of one graph share a dtype")
        return ProductShape(m: shape[0], k: shape[1], n: other.shape[1])
    }
}
