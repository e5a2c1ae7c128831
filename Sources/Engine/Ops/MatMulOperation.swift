/// The matrix product of two 2-D tensors, through BLAS gemm for all but tiny sizes.
struct MatMulOperation: ScalarOperation {
    let m: Int
    let k: Int
    let n: Int

    /// Below this many multiply-adds a plain loop beats the BLAS call overhead.
    private static let blasThreshold = 4096

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let a = node.inputs[0].values(S.self)
        let b = node.inputs[1].values(S.self)
        let c = node.values(S.self)
        if m * n * k < Self.blasThreshold {
            for i in 0..<m {
                for j in 0..<n { c[i * n + j] = 0 }
                for p in 0..<k {
                    let aip = a[i * k + p]
                    for j in 0..<n { c[i * n + j] += aip * b[p * n + j] }
                }
            }
        } else {
            S.gemm(
                transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n,
                beta: 0, c: c, ldc: n)
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let left = node.inputs[0]
        let right = node.inputs[1]
        let a = left.values(S.self)
        let b = right.values(S.self)
        let dc = node.gradients(S.self)
        let small = m * n * k < Self.blasThreshold
        if left.requiresGrad {
            // dA[m,k] += dC[m,n] · Bᵀ
            if small {
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
                S.gemm(
                    transposeA: false, transposeB: true, m: m, n: k, k: n, alpha: 1, a: dc, lda: n, b: b,
                    ldb: n,
                    beta: beta, c: da, ldc: k)
            }
        }
        if right.requiresGrad {
            // dB[k,n] += Aᵀ · dC[m,n]
            if small {
                let db = right.gradients(S.self)
                for i in 0..<m {
                    for p in 0..<k {
                        let aip = a[i * k + p]
                        for j in 0..<n { db[p * n + j] += aip * dc[i * n + j] }
                    }
                }
            } else {
                let (db, beta) = right.gradientsForOverwrite(S.self)
                S.gemm(
                    transposeA: true, transposeB: false, m: k, n: n, k: m, alpha: 1, a: a, lda: k, b: dc,
                    ldb: n,
                    beta: beta, c: db, ldc: n)
            }
        }
    }
}

extension Tensor {
    /// The matrix product self·other of a [m, k] and a [k, n] tensor.
    public func matmul(_ other: Tensor) throws(EngineError) -> Tensor {
        guard rank == 2 else {
            throw .invalidShape(operation: "matmul", shape: shape, expected: "[rows, columns]")
        }
        guard other.rank == 2 else {
            throw .invalidShape(operation: "matmul", shape: other.shape, expected: "[rows, columns]")
        }
        guard shape[1] == other.shape[0] else {
            throw .shapeMismatch(operation: "matmul", left: shape, right: other.shape)
        }
        precondition(dtype == other.dtype, "operands of one graph share a dtype")
        let operation = MatMulOperation(m: shape[0], k: shape[1], n: other.shape[1])
        return Tensor(computedBy: operation, inputs: [self, other], shape: [shape[0], other.shape[1]])
    }
}
