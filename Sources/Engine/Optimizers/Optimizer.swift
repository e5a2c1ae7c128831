/// Updates parameters from their gradients. Implementations follow the update
/// formulas in PyTorch's torch.optim documentation exactly.
///
/// Parameters without a gradient (never reached by backward) and frozen parameters
/// are skipped entirely: no update, no state change, no weight decay. A parameter's
/// own `learningRate` overrides the optimizer's (PyTorch's parameter groups).
public protocol Optimizer: AnyObject {
    /// The base learning rate (schedules change it between steps).
    var learningRate: Double { get set }
    /// Applies one update to every parameter that has a gradient.
    func step(_ parameters: [Tensor])
    /// Forgets all state (momentum buffers, moment estimates, step counts).
    func reset()
}

/// Per-parameter state: buffers shaped like the parameter and a step counter.
final class OptimizerState {
    var step = 0
    private var buffers: [TensorBuffer] = []
    private let dtype: DType
    private let count: Int

    init(like parameter: Tensor) {
        dtype = parameter.dtype
        count = parameter.count
    }

    /// Buffer `index`, created zeroed on first use.
    func buffer(_ index: Int) -> TensorBuffer {
        while buffers.count <= index { buffers.append(TensorBuffer(dtype: dtype, count: count)) }
        return buffers[index]
    }
}

/// Keeps each parameter's optimizer state, keyed by the parameter's identity.
struct OptimizerStateTable {
    private var states: [ObjectIdentifier: OptimizerState] = [:]

    mutating func state(for parameter: Tensor) -> OptimizerState {
        let key = ObjectIdentifier(parameter)
        if let state = states[key] { return state }
        let state = OptimizerState(like: parameter)
        states[key] = state
        return state
    }

    mutating func removeAll() { states.removeAll() }
}

extension Tensor {
    /// True when an optimizer should update this tensor now.
    var isUpdatable: Bool { !isFrozen && gradStorage != nil }
}
