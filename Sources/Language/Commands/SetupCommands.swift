import Engine

/// `use`, `loss`, `optim`: choosing what the next steps work with.
enum SetupCommands {
    static func use(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let expression = try ArgumentReader.expression(command, at: 0)
        guard let name = expression.name else {
            throw Diagnostic(.syntaxError, "'use' takes the name of a net or data set", at: expression.range)
        }
        var found = false
        if context.state.nets[name] != nil {
            context.state.currentNet = name
            found = true
        }
        if context.state.datasets[name] != nil {
            context.state.currentData = name
            found = true
        }
        if !found {
            throw Diagnostic.unknown(
                "net or data set", name, at: expression.range, among: context.state.knownNames)
        }
    }

    static func loss(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let word = try ArgumentReader.word(command, at: 0)
        guard let kind = Loss.Kind(rawValue: word) else {
            throw Diagnostic.unknown(
                "loss", word, at: command.arguments[0].range, among: CommandCatalogue.losses)
        }
        let reduction = Loss.Reduction(rawValue: OptionReader.word(command, "reduction") ?? "mean") ?? .mean
        if let option = command.option("reduction"), !Loss.accepts(reduction, for: kind) {
            throw Diagnostic(
                .valueError, "loss \(word) is ½ Σ (t − y)², always a sum; it has no reduction=\(reduction)",
                at: option.value.range, notes: ["use loss mse for the mean of squared errors"])
        }
        if kind == .crossEntropy, record.rule == .backprop, record.network.spec.outputWidth == 1 {
            // With one logit the softmax is always 1: the loss would be 0 and every gradient 0.
            throw Diagnostic(
                .valueError,
                "loss ce needs one output per class, but net '\(record.name)' has 1 output",
                at: command.arguments[0].range,
                notes: [
                    "for two classes with one output use bce (sigmoid output) or bce_logits; "
                        + "for ce give the last layer a unit per class, e.g. 2 softmax"
                ])
        }
        record.loss = Loss(kind, reduction: reduction)
        context.state.store(net: record)
    }

    static func optim(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let name = try ArgumentReader.word(command, at: 0)
        guard let entry = OptimizerRegistry.entry(named: name) else {
            throw Diagnostic.unknown(
                "optimizer", name, at: command.arguments[0].range, among: OptimizerRegistry.names)
        }
        var settings: [String: Double] = [:]
        let accepted = entry.options.map(\.name)
        let layerRates = try layerRates(command, of: record, optimizer: entry)
        for option in command.options where CommandSpec.layerOfRateOption(option.name) == nil {
            guard accepted.contains(option.name) else {
                throw Diagnostic(
                    .nameError, "optimizer '\(name)' has no option '\(option.name)'", at: option.nameRange,
                    notes: ["\(name) takes: " + accepted.joined(separator: ", ")])
            }
            switch option.value.kind {
            case .number(let value): settings[option.name] = value
            case .path(let parts): settings[option.name] = parts == ["true"] ? 1 : 0
            default: break
            }
        }
        if let lr = settings["lr"], lr <= 0 {
            throw Diagnostic(
                .valueError, "the learning rate must be positive", at: command.option("lr")?.value.range)
        }
        let choice = OptimizerChoice(name: name, settings: settings)
        try context.reserve(MemoryEstimates.optimizer(choice, for: record), for: command)
        record.optimizerInstance = choice.makeOptimizer()
        record.optimizer = choice
        // A new optimizer has new parameter groups: the layers named get their rate, the rest lr.
        for layer in record.network.layers {
            for parameter in layer.parameters { parameter.learningRate = layerRates[layer.name] }
        }
        // A torch.optim optimizer trains by backprop, a perceptron or adaline unit included.
        record.rule = entry.rule
        context.state.store(net: record)
    }

    /// The `L1.lr=RATE` options of `optim`: one learning rate per layer named (a parameter group,
    /// as torch.optim's `[{"params": ..., "lr": ...}]`), each layer of the net with parameters.
    private static func layerRates(
        _ command: CommandStatement, of record: NetRecord, optimizer: OptimizerEntry
    )
        throws -> [String: Double]
    {
        var rates: [String: Double] = [:]
        for option in command.options {
            guard let name = CommandSpec.layerOfRateOption(option.name) else { continue }
            let layers = record.network.layers.filter { !$0.parameters.isEmpty }.map(\.name)
            guard let layer = record.network.layer(named: name), !layer.parameters.isEmpty else {
                throw Diagnostic.unknown("layer", name, at: option.nameRange, among: layers)
                    .with(message: "net '\(record.name)' has no layer '\(name)' with parameters")
            }
            guard optimizer.rule == .backprop else {
                throw Diagnostic(
                    .valueError, "\(optimizer.name) is a rule of one unit, with no layers to give rates",
                    at: option.nameRange)
            }
            guard case .number(let rate) = option.value.kind, rate > 0, rate <= 1e6 else {
                throw Diagnostic(
                    .valueError, "\(option.name) must be a positive learning rate", at: option.value.range)
            }
            rates[layer.name] = rate
        }
        return rates
    }
}
