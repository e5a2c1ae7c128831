/// The matrix product of two 2-D tensors, through BLAS gemm for all but tiny sizes.
struct MatMulOperation: ScalarOperation {
    let shape: ProductShape

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        shape.multiply(
            node.inputs[0].values(S.self), node.inputs[1].values(S.self), into: node.values(S.self))
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        shape.backpropagate(S.self, from: node, left: node.inputs[0], right: node.inputs[1])
    }
}

extension Tensor {
    /// The matrix product self·other of a [m, k] and a [k, n] tensor.
    public func matmul(_ other: Tensor) throws(EngineError) -> Tensor {
        let shape = try productShape(with: other, operation: "matmul")
        return Tensor(
            computedBy: MatMulOperation(shape: shape), inputs: [self, other], shape: [shape.m, shape.n])
    }
}
