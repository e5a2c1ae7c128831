/// Updates parameters from their gradients. Implementations follow the update
/// formulas in PyTorch's torch.optim documentation exactly.
///
/// Parameters without a gradient (never reached by backward) and frozen parameters
/// are skipped entirely: no update, no state change, no weight decay. A parameter's
/// own `learningRate` overrides the optimizer's (PyTorch's parameter groups).
public protocol Optimizer: AnyObject {
    /// The base learning rate (schedules change it between steps).
    var learningRate: Double { get set }
    /// Per-parameter state (momentum buffers, moment estimates, step counts), opaque
    /// outside the engine; `reset`, `saveState` and `restoreState` work on it.
    var states: OptimizerStateTable { get set }
    /// Applies one update to every parameter that has a gradient.
    func step(_ parameters: [Tensor])
    /// The update rule in the optimizer's own symbols, with the numbers of `parameter`'s last
    /// update (step count, bias corrections, its rate) and the state buffers it left.
    func explainUpdate(of parameter: Tensor) -> UpdateExplanation
}

extension Optimizer {
    /// Forgets all state (momentum buffers, moment estimates, step counts).
    public func reset() { states.removeAll() }

    /// A copy of all state (buffers, step counts, learning rate), for `restoreState`.
    public func saveState() -> OptimizerSnapshot {
        OptimizerSnapshot(states: states.copy(), learningRate: learningRate)
    }

    /// Puts back state saved earlier, so a failed statement leaves the optimizer as it was.
    public func restoreState(_ snapshot: OptimizerSnapshot) {
        states = snapshot.states.copy()
        learningRate = snapshot.learningRate
    }
}

/// An optimizer that updates each parameter on its own, with one kernel written
/// generically over the scalar type.
protocol ParameterwiseOptimizer: Optimizer {
    /// Updates one parameter whose scalars are of type `S`.
    func update<S: EngineScalar>(_: S.Type, _ parameter: Tensor)
}

extension ParameterwiseOptimizer {
    /// Runs the kernel on every updatable parameter, specialised for its dtype.
    func updateEach(_ parameters: [Tensor]) {
        for parameter in parameters where parameter.isUpdatable {
            switch parameter.dtype {
            case .float32: update(Float.self, parameter)
            case .float64: update(Double.self, parameter)
            }
        }
    }
}

/// An optimizer's state at one moment: opaque, restored by the optimizer that saved it.
public struct OptimizerSnapshot {
    let states: OptimizerStateTable
    let learningRate: Double
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

    private init(dtype: DType, count: Int, step: Int, buffers: [TensorBuffer]) {
        self.dtype = dtype
        self.count = count
        self.step = step
        self.buffers = buffers
    }

    /// An independent copy: its buffers share no memory with these.
    func copy() -> OptimizerState {
        OptimizerState(dtype: dtype, count: count, step: step, buffers: buffers.map { $0.copy() })
    }

    /// Buffer `index` as Doubles, if it was made.
    func bufferValues(_ index: Int) -> [Double]? {
        guard index < buffers.count else { return nil }
        return (0..<count).map(buffers[index].element)
    }

    /// Buffer `index`, created zeroed on first use.
    func buffer(_ index: Int) -> TensorBuffer {
        while buffers.count <= index { buffers.append(TensorBuffer(dtype: dtype, count: count)) }
        return buffers[index]
    }
}

/// Keeps each parameter's optimizer state, keyed by the parameter's identity.
public struct OptimizerStateTable {
    private var states: [ObjectIdentifier: OptimizerState] = [:]

    /// No state yet.
    public init() {}

    private init(states: [ObjectIdentifier: OptimizerState]) {
        self.states = states
    }

    mutating func state(for parameter: Tensor) -> OptimizerState {
        let key = ObjectIdentifier(parameter)
        if let state = states[key] { return state }
        let state = OptimizerState(like: parameter)
        states[key] = state
        return state
    }

    mutating func removeAll() { states.removeAll() }

    /// The state kept for `parameter`, without making one.
    func existingState(for parameter: Tensor) -> OptimizerState? {
        states[ObjectIdentifier(parameter)]
    }

    /// An independent copy of every parameter's state.
    func copy() -> OptimizerStateTable {
        OptimizerStateTable(states: states.mapValues { $0.copy() })
    }
}

extension Tensor {
    /// True when an optimizer should update this tensor now.
    var isUpdatable: Bool { !isFrozen && gradStorage != nil }
}
