/// The product x·Eᵀ of a `[m, k]` tensor and the transpose of a `[n, k]` one, without
/// materialising the transpose: a GPT's output layer read through its token embedding
/// (weight tying, Press & Wolf 2017), whose logit for token t is the dot product of the
/// position's vector with token t's row of the table.
struct TransposedProductOperation: ScalarOperation {
    let m: Int
    let k: Int
    let n: Int

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        S.parallelGemm(
            transposeA: false, transposeB: true, m: m, n: n, k: k, alpha: 1,
            a: node.inputs[0].values(S.self), lda: k, b: node.inputs[1].values(S.self), ldb: k, beta: 0,
            c: node.values(S.self), ldc: n, bias: nil)
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let left = node.inputs[0]
        let right = node.inputs[1]
        let dc = node.gradients(S.self)
        if left.requiresGrad {
            // ∂x[m,k] += ∂C[m,n] · E[n,k]
            let (dx, beta) = left.gradientsForOverwrite(S.self)
            S.parallelGemm(
                transposeA: false, transposeB: false, m: m, n: k, k: n, alpha: 1, a: dc, lda: n,
                b: right.values(S.self), ldb: k, beta: beta, c: dx, ldc: k, bias: nil)
        }
        if right.requiresGrad {
            // ∂E[n,k] += ∂Cᵀ[n,m] · x[m,k]
            let (de, beta) = right.gradientsForOverwrite(S.self)
            S.parallelGemm(
                transposeA: true, transposeB: false, m: n, n: k, k: m, alpha: 1, a: dc, lda: n,
                b: left.values(S.self), ldb: k, beta: beta, c: de, ldc: k, bias: nil)
        }
    }
}

extension Tensor {
    /// self·otherᵀ for a `[m, k]` self and a `[n, k]` other: `[m, n]`.
    public func matmul(transposing other: Tensor) throws(EngineError) -> Tensor {
        guard rank == 2 else {
            throw .invalidShape(operation: "matmul", shape: shape, expected: "[rows, columns]")
        }
        guard other.rank == 2, other.shape[1] == shape[1] else {
            throw .shapeMismatch(operation: "matmul", left: shape, right: other.shape)
        }
        precondition(dtype == other.dtype, "operands of one graph share a dtype")
        return Tensor(
            computedBy: TransposedProductOperation(m: shape[0], k: shape[1], n: other.shape[0]),
            inputs: [self, other], shape: [shape[0], other.shape[0]])
    }
}
