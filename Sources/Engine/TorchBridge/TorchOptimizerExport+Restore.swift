extension TorchOptimizerExport {
    /// Puts an `optimizer.safetensors` (written by `export torch` or by `train_ddp.py`) into
    /// `optimizer`, for the net `checkpoint` maps, so a run PyTorch continued goes on in the kernel
    /// with the same buffers and step counts.
    ///
    /// Every tensor is checked before anything changes: the file's optimizer must be this one,
    /// each tensor a known buffer of one of the net's parameters, of that parameter's shape in
    /// PyTorch's layout and finite. Then the optimizer's state is replaced: parameters the file
    /// holds no state for start afresh, as they would in torch. SGD's buffer counts as one step
    /// taken (torch keeps no step for it), so the next update uses it.
    public static func restore(
        _ file: Checkpoint, into optimizer: any Optimizer, for checkpoint: NetworkCheckpoint
    ) throws(TorchExportError) {
        let layout = try TorchOptimizerLayout(optimizer)
        let name = layout.name
        if let saved = file.metadata["optimizer"], saved != name {
            throw .optimizerStateMismatch(file: saved, net: name)
        }
        var known: [String: (binding: NetworkCheckpoint.Binding, buffer: Int?)] = [:]
        for binding in checkpoint.bindings {
            for (index, key) in layout.buffers { known["\(binding.name).\(key)"] = (binding, index) }
            if layout.keepsSteps { known["\(binding.name).step"] = (binding, nil) }
        }
        var loads: [ObjectIdentifier: (parameter: Tensor, step: Int, buffers: [Int: [Double]])] = [:]
        for tensor in file.tensors {
            guard let (binding, buffer) = known[tensor.name] else {
                throw .unexpectedOptimizerTensor(name: tensor.name, optimizer: name)
            }
            let expected = buffer == nil ? [] : binding.shape
            guard tensor.shape == expected else {
                throw .optimizerTensorShape(name: tensor.name, expected: expected, found: tensor.shape)
            }
            guard tensor.values.allSatisfy(\.isFinite) else {
                throw .nonFiniteOptimizerTensor(name: tensor.name)
            }
            let key = ObjectIdentifier(binding.parameter)
            var entry = loads[key] ?? (binding.parameter, layout.keepsSteps ? 0 : 1, [:])
            if let buffer {
                entry.buffers[buffer] =
                    binding.isTransposed
                    ? NetworkCheckpoint.transposed(
                        tensor.values, rows: binding.shape[0], columns: binding.shape[1])
                    : tensor.values
            } else {
                guard let step = tensor.values.first, step >= 0, step <= 1e15, step.rounded() == step else {
                    throw .nonFiniteOptimizerTensor(name: tensor.name)
                }
                entry.step = Int(step)
            }
            loads[key] = entry
        }
        optimizer.states.removeAll()
        for (_, load) in loads {
            let state = optimizer.states.state(for: load.parameter)
            state.step = load.step
            for (index, values) in load.buffers { state.buffer(index).load(values) }
        }
    }
}
