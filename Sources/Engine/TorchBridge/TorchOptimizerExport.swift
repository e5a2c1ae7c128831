/// An optimizer as torch.optim builds it: its name and hyper-parameters for `train_config.json`,
/// its parameter groups (one per learning rate) and its state as torch keeps it, each buffer
/// under the checkpoint name of its parameter (`0.weight.exp_avg`) in PyTorch's layout, with
/// each parameter's step count (`0.weight.step`) where torch keeps one.
///
/// SGD (momentum, dampening, Nesterov, weight decay), Adam and AdamW (AMSGrad too), RMSprop and
/// Adagrad are carried over (`TorchOptimizerLayout`); the classic rules are refused, naming them.
public struct TorchOptimizerExport {
    /// torch.optim's name for it, such as `adamw`, which the state file's metadata carries.
    public let name: String
    /// The settings for `train_config.json`'s "optimizer".
    public let settings: JSONValue
    /// The state, for `optimizer.safetensors`.
    public let tensors: [CheckpointTensor]

    /// The optimizers carried over, by their `optim` names.
    public static let supported = TorchOptimizerLayout.supported

    /// The export of `optimizer` (with its state, if it has stepped) for the net `checkpoint` maps.
    public init(_ optimizer: any Optimizer, checkpoint: NetworkCheckpoint) throws(TorchExportError) {
        let layout = try TorchOptimizerLayout(optimizer)
        name = layout.name
        var pairs = [("name", JSONValue.string(layout.name))] + layout.settings
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
                for (index, buffer) in layout.buffers {
                    guard let values = state.bufferValues(index) else { continue }
                    tensors.append(
                        try CheckpointTensor(
                            name: "\(binding.name).\(buffer)", dtype: dtype, shape: binding.shape,
                            values: binding.isTransposed
                                ? NetworkCheckpoint.transposed(
                                    values, rows: binding.shape[1], columns: binding.shape[0])
                                : values))
                }
                if layout.keepsSteps {
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

    /// The state as `optimizer.safetensors` holds it: the tensors, with the optimizer's name
    /// (which `restore` checks) and the step of the weights it belongs to in the metadata.
    public func checkpoint(step: Int) throws(CheckpointError) -> Checkpoint {
        try Checkpoint(tensors: tensors, metadata: ["optimizer": name, Self.stepKey: String(step)])
    }

    /// The metadata key of the step the state belongs to.
    public static let stepKey = "step"
}
