/// log(softmax(x)) over the last axis, computed stably (max subtracted first).
struct LogSoftmaxOperation: ScalarOperation {
    let width: Int

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let y = node.values(S.self)
        for row in 0..<(node.count / width) {
            let base = row * width
            var largest = x[base]
            for j in 1..<width { largest = Swift.max(largest, x[base + j]) }
            var total: S = 0
            for j in 0..<width { total += S.exponential(x[base + j] - largest) }
            // (x − max) − log Σ: subtracting the max first keeps Float32 exact near large logits.
            let logTotal = S.logarithm(total)
            for j in 0..<width { y[base + j] = (x[base + j] - largest) - logTotal }
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let y = node.values(S.self)
        let dy = node.gradients(S.self)
        let dx = input.gradients(S.self)
        for row in 0..<(node.count / width) {
            let base = row * width
            var total: S = 0
            for j in 0..<width { total += dy[base + j] }
            for j in 0..<width { dx[base + j] += dy[base + j] - S.exponential(y[base + j]) * total }
        }
    }
}

extension Tensor {
    /// log-softmax over the last axis.
    public func logSoftmax() throws(EngineError) -> Tensor {
        guard rank >= 1, shape[rank - 1] > 0 else {
            throw .invalidShape(operation: "logSoftmax", shape: shape, expected: "at least one axis")
        }
        return Tensor(computedBy: LogSoftmaxOperation(width: shape[rank - 1]), inputs: [self], shape: shape)
    }

    /// softmax over the last axis, as exp(logSoftmax(x)).
    public func softmax() throws(EngineError) -> Tensor { try logSoftmax().exp() }
}
