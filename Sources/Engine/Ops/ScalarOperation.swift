/// An operation written once, generically over the scalar type: forward and backward
/// pick Float or Double from the node's dtype here, not in every op.
protocol ScalarOperation: TensorOperation {
    /// Writes `node`'s value from `node.inputs`, on scalars of type `S`.
    func run<S: EngineScalar>(_: S.Type, _ node: Tensor)
    /// Adds into the gradient of every input that requires one, on scalars of type `S`.
    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor)
}

extension ScalarOperation {
    func forward(_ node: Tensor) {
        switch node.dtype {
        case .float32: run(Float.self, node)
        case .float64: run(Double.self, node)
        }
    }

    func backward(_ node: Tensor) {
        switch node.dtype {
        case .float32: derive(Float.self, node)
        case .float64: derive(Double.self, node)
        }
    }
}
