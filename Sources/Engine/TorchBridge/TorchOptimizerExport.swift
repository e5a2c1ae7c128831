/// An optimizer as torch.optim builds it: its name and hyper-parameters for `train_config.json`,
/// its parameter groups (one per learning rate) and its state as torch keeps it, each buffer
/// under the checkpoint name of its parameter (`0.weight.exp_avg`) in PyTorch's layout, with
/// each parameter's step count (`0.weight.step`) for Adam and AdamW.
///
/// SGD (momentum, dampening, Nesterov, weight decay), Adam and AdamW (AMSGrad too) are carried
/// over; the others are refused, naming them.
public struct TorchOptimizerExport {
    /// The settings for `train_config.json`'s "optimizer".
    public let settings: JSONValue
    /// The state, for `optimizer.safetensors`.
    public let tensors: [CheckpointTensor]

    /// The optimizers carried over, by their `optim` names.
    public static let supported = ["sgd", "adam", "adamw"]

    /// The export of `optimizer` (with its state, if it has stepped) for the net `checkpoint` maps.
    public init(_ optimizer: any Optimizer, checkpoint: NetworkCheckpoint) throws(TorchExportError) {
        var pairs: [(String, JSONValue)]
        let buffers: [String]
        let keepsSteps: Bool
        switch optimizer {
        case let sgd as SGD:
            if sgd.nesterov, sgd.momentum <= 0 || sgd.dampening != 0 {
                throw .nesterovNeedsPlainMomentum(momentum: sgd.momentum, dampening: sgd.dampening)
            }
            pairs = [
                ("name", .string("sgd")), ("lr", .number(sgd.learningRate)),
                ("momentum", .number(sgd.momentum)),
                ("dampening", .number(sgd.dampening)), ("nesterov", .boolean(sgd.nesterov)),
                ("weight_decay", .number(sgd.weightDecay)),
            ]
            buffers = sgd.momentum == 0 ? [] : ["momentum_buffer"]
            keepsSteps = false
        case let adam as Adam:
            pairs = [
                ("name", .string(adam.decoupled ? "adamw" : "adam")), ("lr", .number(adam.learningRate)),
                ("beta1", .number(adam.beta1)), ("beta2", .number(adam.beta2)),
                ("eps", .number(adam.epsilon)),
                ("weight_decay", .number(adam.weightDecay)), ("amsgrad", .boolean(adam.amsgrad)),
            ]
            buffers = ["exp_avg", "exp_avg_sq"] + (adam.amsgrad ? ["max_exp_avg_sq"] : [])
            keepsSteps = true
        default:
            throw .optimizerNotExportable(
                kind: String(describing: type(of: optimizer)), supported: Self.supported)
        }
        // One torch parameter group per learning rate, in the order the parameters come.
        var groups: [(rate: Double, names: [String])] = []
        for binding in checkpoint.bindings {
            let rate = binding.parameter.learningRate ?? optimizer.learningRate
            if let index = groups.firstIndex(where: { $0.rate == rate }) {
                groups[index].names.append(binding.name)
            } else {
                groups.append((rate, [binding.name]))
            }
        }
        pairs.append(
            (
                "groups",
                .array(
                    groups.map {
                        .object([
                            ("lr", .number($0.rate)), ("parameters", .array($0.names.map { .string($0) })),
                        ])
                    })
            ))
        settings = .object(pairs)

        let dtype: SafetensorsDType = checkpoint.network.dtype == .float64 ? .f64 : .f32
        var tensors: [CheckpointTensor] = []
        do {
            for binding in checkpoint.bindings {
                guard let state = optimizer.states.existingState(for: binding.parameter), state.step > 0
                else {
                    continue
                }
                for (index, buffer) in buffers.enumerated() {
                    guard let values = state.bufferValues(index) else { continue }
                    tensors.append(
                        try CheckpointTensor(
                            name: "\(binding.name).\(buffer)", dtype: dtype, shape: binding.shape,
                            values: binding.isTransposed
                                ? NetworkCheckpoint.transposed(
                                    values, rows: binding.shape[1], columns: binding.shape[0])
                                : values))
                }
                if keepsSteps {
                    tensors.append(
                        try CheckpointTensor(
                            name: "\(binding.name).step", dtype: .f64, shape: [], values: [Double(state.step)]
                        ))
                }
            }
        } catch {
            throw .checkpoint(error)
        }
        self.tensors = tensors
    }
}
