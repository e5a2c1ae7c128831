/// The same values in another shape (row-major order kept). Tensors are contiguous and own
/// their storage, so the values are copied; the gradient flows back one to one.
struct ReshapeOperation: ScalarOperation {
    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let y = node.values(S.self)
        for index in 0..<node.count { y[index] = x[index] }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let dx = input.gradients(S.self)
        let dy = node.gradients(S.self)
        for index in 0..<node.count { dx[index] += dy[index] }
    }
}

extension Tensor {
    /// This tensor's values in `shape`, which must hold as many elements (`x.view(shape)`).
    public func reshaped(_ shape: [Int]) throws(EngineError) -> Tensor {
        guard shape.allSatisfy({ $0 > 0 }), shape.reduce(1, *) == count else {
            throw .shapeMismatch(operation: "reshape", left: self.shape, right: shape)
        }
        return Tensor(computedBy: ReshapeOperation(), inputs: [self], shape: shape)
    }
}
