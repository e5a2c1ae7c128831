/// Picks one element per row along the last axis: y[r] = x[r, index[r]].
///
/// The indices live in a tensor (integers stored as floats) so a re-run graph can
/// change them in place with each minibatch.
struct GatherOperation: ScalarOperation {
    let width: Int

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let index = node.inputs[1].values(S.self)
        let y = node.values(S.self)
        for row in 0..<node.count { y[row] = x[row * width + Int(index[row])] }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let index = node.inputs[1].values(S.self)
        let dy = node.gradients(S.self)
        let dx = input.gradients(S.self)
        for row in 0..<node.count { dx[row * width + Int(index[row])] += dy[row] }
    }
}

extension Tensor {
    /// For each row r of a [rows, width] tensor, the element at column `indices[r]`.
    public func gather(indices: Tensor) throws(EngineError) -> Tensor {
        guard rank == 2 else {
            throw .invalidShape(operation: "gather", shape: shape, expected: "[rows, classes]")
        }
        guard indices.count == shape[0] else {
            throw .shapeMismatch(operation: "gather", left: shape, right: indices.shape)
        }
        for row in 0..<indices.count {
            _ = try classIndex(indices[flat: row], classCount: shape[1])
        }
        return Tensor(
            computedBy: GatherOperation(width: shape[1]), inputs: [self, indices], shape: [shape[0]])
    }
}
