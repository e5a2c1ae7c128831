import Engine

/// The values, gradients, frozen flags and own learning rates of some nets' parameters, and the state of their
/// optimizers (momentum buffers, moments, step counts), taken before a statement so a failing
/// statement can put them back (nets and optimizers are objects, not values). Only the nets the
/// statement may change are copied (`Statement.netsItMayChange`).
struct ParameterSnapshot {
    private struct Saved {
        let tensor: Tensor
        let values: [Double]
        let grad: [Double]?
        let isFrozen: Bool
        let learningRate: Double?
    }

    private let saved: [Saved]
    private let optimizers: [(optimizer: any Optimizer, state: OptimizerSnapshot)]

    /// A snapshot of the nets called `names` in `state`; nil when there are none to copy.
    init?(_ state: SessionState, nets names: [String]) {
        let records = names.compactMap { state.nets[$0] }
        guard !records.isEmpty else { return nil }
        saved = records.flatMap { record in
            record.network.parameters.map {
                Saved(
                    tensor: $0, values: $0.scalars, grad: $0.grad, isFrozen: $0.isFrozen,
                    learningRate: $0.learningRate)
            }
        }
        optimizers = records.compactMap { record in
            record.optimizerInstance.map { ($0, $0.saveState()) }
        }
    }

    /// Bytes a snapshot of these nets copies: each value and gradient as a `Double`, and the
    /// optimizer state; known before it is taken, so the memory budget can refuse it first.
    static func byteCount(of names: [String], in state: SessionState) -> Int {
        names.compactMap { state.nets[$0] }.reduce(0) { total, record in
            let count = record.network.parameters.reduce(0) { $0 + $1.count }
            return total.addingSaturated(count.multipliedSaturated(2 * MemoryLayout<Double>.stride))
                .addingSaturated(record.optimizerStateBytes(record.optimizer))
        }
    }

    /// Puts every saved tensor back as it was.
    func restore() {
        for item in saved {
            try? item.tensor.assign(item.values)
            if let grad = item.grad { try? item.tensor.setGrad(grad) } else { item.tensor.clearGrad() }
            item.tensor.isFrozen = item.isFrozen
            item.tensor.learningRate = item.learningRate
        }
        for (optimizer, state) in optimizers { optimizer.restoreState(state) }
    }
}
