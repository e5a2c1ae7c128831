/// The sizes of a product C[m,n] = A[m,k]·B[k,n] and the kernels both products share.
struct ProductShape {
    let m: Int
    let k: Int
    let n: Int

    /// Below this many multiply-adds a plain loop beats packing the operands for gemm.
    /// Both are exact to their own rounding (the loop rounds each product, gemm fuses
    /// it) and the choice depends on the shape alone, so a result is the same everywhere.
    private static let gemmThreshold = 4096

    private var isSmall: Bool { m * n * k < Self.gemmThreshold }

    /// C = A·B, plus `bias` on every row when given (each element (Σ a·b) + bias).
    func multiply<S: EngineScalar>(
        _ a: UnsafeMutablePointer<S>, _ b: UnsafeMutablePointer<S>, into c: UnsafeMutablePointer<S>,
        addingToEachRow bias: UnsafePointer<S>? = nil
    ) {
        if isSmall {
            for i in 0..<m {
                for j in 0..<n { c[i * n + j] = 0 }
                for p in 0..<k {
                    let aip = a[i * k + p]
                    for j in 0..<n { c[i * n + j] += aip * b[p * n + j] }
                }
                if let bias { for j in 0..<n { c[i * n + j] += bias[j] } }
            }
        } else {
            S.parallelGemm(
                transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n,
                beta: 0, c: c, ldc: n, bias: bias)
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
                    ldb: n, beta: beta, c: da, ldc: k, bias: nil)
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
                    ldb: n, beta: beta, c: db, ldc: n, bias: nil)
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
