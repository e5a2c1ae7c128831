import Engine
import Render

/// `step` (one step, explained), and its three parts `forward`, `backward`, `update`.
///
/// `step` is `train`'s step: the same `Trainer.step` (guard, clipping, dropout mask) on the
/// next batch of the net's data cursor, explained from the values the engine copied out.
/// `forward`, `backward` and `update` take that step apart on the whole data set: `forward`
/// runs the pass in training mode, `backward` backpropagates the same pass (the same dropout
/// masks), `update` applies the optimizer with the step's guard.
enum StepCommands {
    static func step(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let size = try batchSize(command, record: record, dataset: data.training)
        let positions = record.network.spec.rowsPerExample
        let position = try OptionReader.integer(command, "position", atLeast: 0, atMost: positions - 1)
        if position != nil, !record.network.spec.isSequenceModel {
            throw LanguageError.notAllowed(
                why:
                    "position= picks a position of a sequence model's example; net '\(record.name)' has none",
                at: command.option("position")?.value.range)
        }
        var need = try MemoryEstimates.passes(
            record, [(data.training, [size, data.training.count], MemoryEstimates.planLoss(record))],
            keptRows: size)
        need.parts += MemoryEstimates.startingWeights(record)
        try context.reserve(need, for: command)
        let (rows, batch, cursor, endsEpoch) = try StepMechanics.nextBatchInOrder(
            record, data: data, size: size, random: &context.state.random)
        try HistoryLog.logInitialState(&record, data: data)
        let trainer = try StepMechanics.trainer(for: &record, command)
        trainer.metricsLevel = .full
        let trace: StepTrace
        do {
            trace = try trainer.explainedStep(inputs: batch.inputs, targets: batch.targets, rows: batch.rows)
        } catch {
            // The net's last step's norm, then this one's when it was measured (a fresh trainer
            // took only this step).
            var norms: [(step: Int, value: Double)] = []
            if let last = record.stepGradientNorms.steps.last, last == record.steps,
                let value = record.stepGradientNorms.values.last, !record.stepGradientNorms.isDownsampled
            {
                norms.append((last, value))
            }
            if let norm = trainer.lastGradientNorm { norms.append((record.steps + 1, norm.value)) }
            throw StepMechanics.diagnostic(
                for: error, loss: trainer.lastLoss, command, statement: "step",
                place: "at step \(record.steps + 1) of net '\(record.name)'",
                learningRate: trainer.optimizer.learningRate, gradientNorms: norms,
                failingStep: record.steps + 1)
        }
        record.keep(cursor, on: data.name)
        record.steps += 1
        if let norm = trainer.lastGradientNorm {
            record.stepGradientNorms.append(step: record.steps, value: norm.value)
        }
        if endsEpoch { record.epochs += 1 }
        record.lastPass = trace.pass
        record.forwardRandom = nil
        let tables = NetTables(digits: context.state.digits)
        let formatter = context.state.formatter
        var sections = [
            header(record, data: data, rows: Array(rows), step: record.steps, digits: context.state.digits)
        ]
        if record.network.spec.isSequenceModel {
            sections += try SequenceStepView.sections(
                record, trace: trace, batch: batch, vocabulary: data.training.vocabulary, position: position,
                formatter: formatter, digits: context.state.digits)
            _ = try HistoryLog.append(&record, data: data, health: trace.layers)
            context.state.store(net: record)
            context.show(Rendering.stacked(sections))
            return
        }
        sections += try forwardSections(record, pass: trace.pass, batch: batch, tables: tables)
        sections.append(Rendering(plain: "loss \(tables.lossName(record)) = \(formatter.format(trace.loss))"))
        sections += try backwardSections(
            record, pass: trace.pass, gradients: trace.parameters.map { ($0.name, $0.shape, $0.gradient) },
            tables: tables)
        if let norm = trace.gradientNorm, let scale = trace.clipScale {
            sections.append(
                Rendering(
                    plain: "clip: ‖∇‖ = \(formatter.format(norm)); "
                        + (scale < 1
                            ? "gradients scaled by \(formatter.format(scale))" : "within the norm, unchanged")
                ))
        }
        sections += try updateSections(record, trace.parameters, tables: tables, formatter: formatter)
        _ = try HistoryLog.append(&record, data: data, health: trace.layers)
        context.state.store(net: record)
        context.show(Rendering.stacked(sections))
    }

    static func forward(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let tables = NetTables(digits: context.state.digits)
        let network = record.network
        if case .value(let expression)? = command.arguments.first {
            if let on = command.option("on") {
                throw LanguageError.eitherOr(first: "inputs", second: "on=DATA", at: on.nameRange)
            }
            let inputs = try InputMatrix.read(expression, width: network.spec.inputWidth, net: record.name)
            // Inputs alone are a prediction: evaluation mode, no loss, nothing to backpropagate.
            _ = try network.predict(inputs.flatMap { $0 }, rows: inputs.count)
            let batch = Batch(inputs: inputs.flatMap { $0 }, targets: [], rows: inputs.count)
            guard let pass = network.lastPass(training: false, backpropagated: false) else { return }
            record.lastPass = pass
            record.forwardRandom = nil
            context.state.store(net: record)
            context.show(
                Rendering.stacked(try forwardSections(record, pass: pass, batch: batch, tables: tables)))
            return
        }
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        try context.reserve(
            try MemoryEstimates.passes(
                record, [(data.training, [data.training.count], MemoryEstimates.planLoss(record))],
                keptRows: data.training.count),
            for: command)
        let batch = try StepMechanics.batch(Array(0..<data.training.count), of: data.training, for: record)
        // The step's own pass: training mode, its dropout masks drawn now and kept for backward.
        let randomBefore = network.random
        let (loss, pass) = try explainedPass(&record, batch: batch, backpropagate: false, command, "forward")
        record.forwardRandom = randomBefore
        record.lastPass = pass
        context.state.store(net: record)
        var sections = try forwardSections(record, pass: pass, batch: batch, tables: tables)
        sections.append(
            Rendering(plain: "loss \(tables.lossName(record)) = \(context.state.formatter.format(loss))"))
        context.show(Rendering.stacked(sections))
    }

    static func backward(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        try context.reserve(
            try MemoryEstimates.passes(
                record, [(data.training, [data.training.count], MemoryEstimates.planLoss(record))],
                keptRows: data.training.count),
            for: command)
        let batch = try StepMechanics.batch(Array(0..<data.training.count), of: data.training, for: record)
        // After `forward`, the same pass again: its masks come from the same generator state.
        if let randomBefore = record.forwardRandom { record.network.random = randomBefore }
        let (loss, pass) = try explainedPass(&record, batch: batch, backpropagate: true, command, "backward")
        record.pendingLoss = loss
        record.forwardRandom = nil
        record.lastPass = pass
        context.state.store(net: record)
        let tables = NetTables(digits: context.state.digits)
        var sections = [
            Rendering(plain: "loss \(tables.lossName(record)) = \(context.state.formatter.format(loss))")
        ]
        let gradients = record.network.parameters.map { ($0.name, $0.shape, $0.grad) }
        sections += try backwardSections(record, pass: pass, gradients: gradients, tables: tables)
        context.show(Rendering.stacked(sections))
    }

    /// The trainer's pass on `batch` (and its backward), with the step's refusal of a
    /// non-finite loss worded as `train` and `step` word it.
    private static func explainedPass(
        _ record: inout NetRecord, batch: Batch, backpropagate: Bool, _ command: CommandStatement,
        _ statement: String
    ) throws -> (loss: Double, pass: PassTrace) {
        let trainer = try StepMechanics.trainer(for: &record, command)
        do {
            return try trainer.explainedPass(
                inputs: batch.inputs, targets: batch.targets, rows: batch.rows, backpropagate: backpropagate)
        } catch {
            throw StepMechanics.diagnostic(
                for: error, loss: trainer.lastLoss, command, statement: statement,
                place: "in the pass of net '\(record.name)'")
        }
    }

    static func update(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        guard record.network.parameters.contains(where: { $0.grad != nil }) else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "gradients yet", remedy: "run backward first",
                at: command.nameRange)
        }
        record.keepStartBeforeFirstStep()
        let trainer = try StepMechanics.trainer(for: &record, command)
        let parameters: [ParameterStep]
        do {
            parameters = try trainer.applyUpdate()
        } catch {
            throw StepMechanics.diagnostic(
                for: error, loss: nil, command, statement: "update",
                place: "at step \(record.steps + 1) of net '\(record.name)'",
                learningRate: trainer.optimizer.learningRate)
        }
        record.steps += 1
        if record.pendingLoss != nil, let dataName = context.state.currentData,
            let data = context.state.datasets[dataName]
        {
            _ = try HistoryLog.append(&record, data: data)
        }
        record.pendingLoss = nil
        context.state.store(net: record)
        context.show(
            Rendering.stacked(
                try updateSections(
                    record, parameters, tables: NetTables(digits: context.state.digits),
                    formatter: context.state.formatter)))
    }

    /// `batch=`, or all rows (one for the classic rules), at most the data set's rows.
    private static func batchSize(_ command: CommandStatement, record: NetRecord, dataset: Dataset) throws
        -> Int
    {
        // A sequence model's step explains one example; a batch of a whole text would be huge.
        let defaultSize = record.rule == .backprop && !record.network.spec.isSequenceModel ? dataset.count : 1
        return min(try OptionReader.integer(command, "batch", atLeast: 1) ?? defaultSize, dataset.count)
    }

    private static func header(_ record: NetRecord, data: DataRecord, rows: [Int], step: Int, digits: Int)
        -> Rendering
    {
        let rule = NetTables(digits: digits).ruleName(record.rule)
        let optimizer =
            record.rule == .backprop ? ", \(NetTables(digits: digits).optimizerText(record.optimizer))" : ""
        return Rendering(
            plain:
                "step \(step) of net \(record.name) on \(data.name), rows \(rowsText(rows)) "
                + "(\(rows.count)); \(rule)\(optimizer)")
    }

    /// `0…3` for rows in order; the rows themselves (the first eight) when a shuffled epoch
    /// begun by `train` is being continued.
    static func rowsText(_ rows: [Int]) -> String {
        guard let first = rows.first, let last = rows.last else { return "none" }
        if rows == Array(first...max(first, last)) { return "\(first)…\(last)" }
        let shown = rows.prefix(8).map(String.init).joined(separator: ", ")
        return rows.count > 8 ? shown + ", …" : shown
    }

    /// The pass's mode, when the net has a layer that depends on it (dropout).
    private static func modeLine(_ record: NetRecord, pass: PassTrace) -> Rendering? {
        guard record.network.hasModeDependentLayers else { return nil }
        return Rendering(
            plain: pass.training
                ? "mode: training (dropout active; this pass's masks are used by its backward)"
                : "mode: evaluation (dropout off)")
    }

    /// Inputs, targets, then each layer's z and a.
    private static func forwardSections(
        _ record: NetRecord, pass: PassTrace, batch: Batch, tables: NetTables
    ) throws -> [Rendering] {
        let network = record.network
        var sections = modeLine(record, pass: pass).map { [$0] } ?? []
        sections.append(
            try tables.matrix("inputs X", values: batch.inputs, shape: [batch.rows, network.spec.inputWidth]))
        if !batch.targets.isEmpty {
            let width = batch.targets.count / max(1, batch.rows)
            sections.append(
                try tables.matrix("targets T", values: batch.targets, shape: [batch.rows, width]))
        }
        var previous = "X"
        for (layer, values) in zip(network.layers, pass.layers) {
            defer { previous = "\(layer.name).a" }
            if let dense = layer as? DenseLayer {
                sections.append(
                    try tables.matrix(
                        "\(layer.name).z = \(previous)·\(layer.name).W + \(layer.name).b",
                        values: values.preActivation, shape: values.shape))
                let activation = record.rule == .perceptron ? "step" : "\(dense.activation)"
                let outputs =
                    record.rule == .perceptron
                    ? values.preActivation.map(ClassicRule.perceptron.output(netInput:)) : values.output
                sections.append(
                    try tables.matrix(
                        "\(layer.name).a = \(activation)(\(layer.name).z)", values: outputs,
                        shape: values.shape))
            } else if layer is EmbeddingLayer {
                sections.append(
                    try tables.matrix(
                        "\(layer.name).a = rows X of \(layer.name).E, side by side", values: values.output,
                        shape: values.shape))
            } else {
                sections.append(
                    try tables.matrix("\(layer.name).a", values: values.output, shape: values.shape))
            }
        }
        return sections
    }

    /// Each layer's δ from the last layer back, then each parameter's gradient.
    private static func backwardSections(
        _ record: NetRecord, pass: PassTrace, gradients: [(name: String, shape: [Int], gradient: [Double]?)],
        tables: NetTables
    ) throws -> [Rendering] {
        var sections: [Rendering] = []
        if record.rule == .backprop {
            let embeddings = Set(record.network.layers.filter { $0 is EmbeddingLayer }.map(\.name))
            for values in pass.layers.reversed() {
                guard let delta = values.delta else { continue }
                // An embedding's output is its rows themselves: there is no z before an activation.
                let quantity = embeddings.contains(values.layer) ? "a" : "z"
                sections.append(
                    try tables.matrix(
                        "\(values.layer).δ = ∂loss/∂\(values.layer).\(quantity)", values: delta,
                        shape: values.shape))
            }
        }
        for parameter in gradients {
            guard let grad = parameter.gradient else { continue }
            sections.append(
                try tables.matrix(
                    record.rule == .backprop
                        ? "∂loss/∂\(parameter.name)" : "−Σ (t − y)·input for \(parameter.name)",
                    values: grad, shape: parameter.shape))
        }
        return sections
    }

    /// The optimizer's own rule, then each parameter before, its state buffers and after,
    /// with the numbers of this update (step count, bias corrections, rate).
    private static func updateSections(
        _ record: NetRecord, _ parameters: [ParameterStep], tables: NetTables, formatter: ValueFormatter
    ) throws -> [Rendering] {
        let name =
            record.rule == .backprop ? tables.optimizerText(record.optimizer) : tables.ruleName(record.rule)
        // The classic rules' names state their rule already.
        let formula =
            record.rule == .backprop ? parameters.lazy.compactMap(\.update).first?.formula ?? [] : []
        let baseRate = record.optimizerInstance?.learningRate ?? record.optimizer.learningRate
        var sections = [
            Rendering(plain: (["update: \(name)"] + formula.map { "  " + $0 }).joined(separator: "\n"))
        ]
        for parameter in parameters {
            sections.append(
                try tables.matrix(
                    "\(parameter.name) before", values: parameter.before, shape: parameter.shape))
            if let update = parameter.update {
                // The rate is in the heading; a layer's own rate (set NET.L1.lr) is shown here.
                let scalars = update.scalars.filter {
                    !(["lr", "η"].contains($0.name) && $0.value == baseRate)
                }
                if !scalars.isEmpty {
                    let numbers = scalars.map { "\($0.name) = \(formatter.format($0.value))" }
                    sections.append(Rendering(plain: "\(parameter.name): " + numbers.joined(separator: ", ")))
                }
                for buffer in update.buffers {
                    sections.append(
                        try tables.matrix(
                            "\(parameter.name) \(buffer.name)", values: buffer.values, shape: parameter.shape)
                    )
                }
            }
            let note =
                parameter.frozen
                ? " (frozen, unchanged)" : parameter.update == nil ? " (no gradient, unchanged)" : ""
            sections.append(
                try tables.matrix(
                    "\(parameter.name) after\(note)", values: parameter.after, shape: parameter.shape))
        }
        return sections
    }
}
