/// x·W + b in one operation (PyTorch's addmm), as every dense layer computes it: the
/// bias is added as each sum is written, so no separate bias pass is paid.
struct AffineOperation: ScalarOperation {
    let shape: ProductShape

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let w = node.inputs[1].values(S.self)
        let bias = node.inputs[2].values(S.self)
        let z = node.values(S.self)
        // Each element is (Σ x·w) + b, rounded as PyTorch's addmm rounds it.
        shape.multiply(x, w, into: z, addingToEachRow: bias)
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        shape.backpropagate(S.self, from: node, left: node.inputs[0], right: node.inputs[1])
        let bias = node.inputs[2]
        guard bias.requiresGrad else { return }
        // db (+)= the column sums of dz, row by row so the inner loop vectorises.
        let dz = node.gradients(S.self)
        let (db, beta) = bias.gradientsForOverwrite(S.self)
        let n = shape.n
        if beta == 0 { db.update(from: dz, count: n) } else { for j in 0..<n { db[j] += dz[j] } }
        for row in 1..<max(shape.m, 1) {
            let source = dz + row * n
            for j in 0..<n { db[j] += source[j] }
        }
    }
}

extension Tensor {
    /// self·weight + bias for a [m, k] input, a [k, n] weight and an [n] bias: a dense
    /// layer's pre-activation, as one node.
    public func affine(weight: Tensor, bias: Tensor) throws(EngineError) -> Tensor {
        let shape = try productShape(with: weight, operation: "affine")
        guard bias.shape == [shape.n] else {
            throw .shapeMismatch(operation: "affine", left: [shape.m, shape.n], right: bias.shape)
        }
        precondition(dtype == bias.dtype, "operands of one graph share a dtype")
        return Tensor(
            computedBy: AffineOperation(shape: shape), inputs: [self, weight, bias],
            shape: [shape.m, shape.n])
    }
}
