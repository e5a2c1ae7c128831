import Engine

/// `use`, `loss`, `optim`: choosing what the next steps work with.
enum SetupCommands {
    static func use(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let expression = try ArgumentReader.expression(command, at: 0)
        guard let name = expression.name else {
            throw LanguageError.syntax(why: "'use' takes the name of a net or data set", at: expression.range)
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
            throw LanguageError.unknownName(
                what: "net or data set", name: name, candidates: context.state.knownNames,
                at: expression.range)
        }
    }

    static func loss(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let word = try ArgumentReader.word(command, at: 0)
        guard let kind = Loss.Kind(rawValue: word) else {
            throw LanguageError.unknownName(
                what: "loss", name: word, candidates: CommandCatalogue.losses, at: command.arguments[0].range)
        }
        let reduction = Loss.Reduction(rawValue: OptionReader.word(command, "reduction") ?? "mean") ?? .mean
        if let option = command.option("reduction"), !Loss.accepts(reduction, for: kind) {
            throw LanguageError.notAllowed(
                why: "loss \(word) is ½ Σ (t − y)², always a sum; it has no reduction=\(reduction)",
                notes: ["use loss mse for the mean of squared errors"], at: option.value.range)
        }
        if kind == .crossEntropy, record.rule == .backprop, record.network.spec.outputWidth == 1 {
            // With one logit the softmax is always 1: the loss would be 0 and every gradient 0.
            throw LanguageError.notAllowed(
                why: "loss ce needs one output per class, but net '\(record.name)' has 1 output",
                notes: [
                    "for two classes with one output use bce (sigmoid output) or bce_logits; "
                        + "for ce give the last layer a unit per class, e.g. 2 softmax"
                ], at: command.arguments[0].range)
        }
        record.loss = Loss(kind, reduction: reduction)
        context.state.store(net: record)
    }

    static func optim(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let name = try ArgumentReader.word(command, at: 0)
        guard let entry = OptimizerRegistry.entry(named: name) else {
            throw LanguageError.unknownName(
                what: "optimizer", name: name, candidates: OptimizerRegistry.names,
                at: command.arguments[0].range)
        }
        var settings: [String: Double] = [:]
        let accepted = entry.options.map(\.name)
        let layerRates = try layerRates(command, of: record, optimizer: entry)
        for option in command.options where CommandSpec.layerOfRateOption(option.name) == nil {
            guard accepted.contains(option.name) else {
                throw LanguageError.unknownOption(
                    option: option.name, owner: .optimizer(name), accepted: accepted, at: option.nameRange)
            }
            switch option.value.kind {
            case .number(let value): settings[option.name] = value
            case .path(let parts): settings[option.name] = parts == ["true"] ? 1 : 0
            default: break
            }
        }
        if let lr = settings["lr"], lr <= 0 {
            throw LanguageError.outOfRange(
                subject: "the learning rate", mustBe: "positive", at: command.option("lr")?.value.range)
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
        throws(LanguageError) -> [String: Double]
    {
        var rates: [String: Double] = [:]
        for option in command.options {
            guard let name = CommandSpec.layerOfRateOption(option.name) else { continue }
            let layers = record.network.layers.filter { !$0.parameters.isEmpty }.map(\.name)
            guard let layer = record.network.layer(named: name), !layer.parameters.isEmpty else {
                throw LanguageError.unknownMember(
                    owner: "net '\(record.name)'", what: "layer", name: name, candidates: layers,
                    qualifier: "with parameters", at: option.nameRange)
            }
            guard optimizer.rule == .backprop else {
                throw LanguageError.notAllowed(
                    why: "\(optimizer.name) is a rule of one unit, with no layers to give rates",
                    at: option.nameRange)
            }
            guard case .number(let rate) = option.value.kind, rate > 0, rate <= 1e6 else {
                throw LanguageError.outOfRange(
                    subject: "\(option.name)", mustBe: "a positive learning rate", at: option.value.range)
            }
            rates[layer.name] = rate
        }
        return rates
    }
}
