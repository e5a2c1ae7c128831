/// x·W + b in one operation (PyTorch's addmm), as every dense layer computes it: the
/// bias rows are written first and the product is added onto them, so neither a
/// separate bias pass nor the zeroing of the product's output is paid, forward or back.
struct AffineOperation: ScalarOperation {
    let shape: ProductShape

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let w = node.inputs[1].values(S.self)
        let bias = node.inputs[2].values(S.self)
        let z = node.values(S.self)
        let (m, n) = (shape.m, shape.n)
        // Either way each element is (Σ x·w) + b, rounded as PyTorch's addmm rounds it.
        if shape.usesBLAS {
            for row in 0..<m { (z + row * n).update(from: bias, count: n) }
            shape.multiply(x, w, into: z, accumulating: true)
        } else {
            shape.multiply(x, w, into: z)
            for row in 0..<m {
                for j in 0..<n { z[row * n + j] += bias[j] }
            }
        }
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
