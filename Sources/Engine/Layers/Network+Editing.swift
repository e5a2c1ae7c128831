/// What the language's `set`, `freeze` and `lr` statements change on a network.
extension Network {
    /// Freezes (or unfreezes) every parameter of a layer: frozen parameters get no gradient
    /// (PyTorch's `requires_grad=False`), no update, no optimizer state and no weight decay.
    public func setFrozen(_ frozen: Bool, layer name: String) throws(EngineError) {
        guard let layer = layer(named: name) else {
            throw .unknownParameter(name: name, valid: layers.map(\.name))
        }
        for parameter in layer.parameters { parameter.isFrozen = frozen }
    }

    /// Gives every parameter of a layer its own learning rate (nil: the optimizer's).
    public func setLearningRate(_ rate: Double?, layer name: String) throws(EngineError) {
        guard let layer = layer(named: name) else {
            throw .unknownParameter(name: name, valid: layers.map(\.name))
        }
        if let rate, !(rate >= 0) {
            throw .invalidOption(name: "lr", value: rate, expected: .nonNegativeRate)
        }
        for parameter in layer.parameters { parameter.learningRate = rate }
    }

    /// Sets a parameter's values exactly, by name ("L1.W" in the engine's [in, out] layout).
    public func setValues(_ values: [Double], parameter name: String) throws(EngineError) {
        try parameter(named: name).assign(values)
    }

    /// What a layer produced in the last forward or step (input, z, a, δ), by name ("L2").
    public func trace(of name: String) -> LayerTrace? {
        guard let plan = lastPlan,
            let index = layers.firstIndex(where: { $0.name.lowercased() == name.lowercased() })
        else { return nil }
        return plan.traces[index]
    }

    /// What the layer at `index` produced in the last forward or step, or nil before one.
    public func trace(at index: Int) -> LayerTrace? {
        guard let plan = lastPlan, plan.traces.indices.contains(index) else { return nil }
        return plan.traces[index]
    }

    /// A copy of every parameter's values, to restore later with `restore(_:)`.
    public func snapshot() -> [[Double]] { parameters.map(\.scalars) }

    /// Puts back values taken by `snapshot()`.
    public func restore(_ snapshot: [[Double]]) throws(EngineError) {
        guard snapshot.count == parameters.count else {
            throw .dataMismatch(what: "parameters", expected: parameters.count, got: snapshot.count)
        }
        for (parameter, values) in zip(parameters, snapshot) { try parameter.assign(values) }
    }
}
