import Engine
import Render

/// `step` (one step, explained), and its three parts `forward`, `backward`, `update`.
///
/// `step` is `train`'s step: the same `Trainer.step` (guard, clipping, dropout mask) on the
/// next batch of the net's data cursor, explained from the values the engine copied out.
/// `forward`, `backward` and `update` take that very step apart: `forward` runs its pass on
/// the batch `step` would take (training mode, its dropout masks drawn), `backward` runs the
/// same pass again (the same masks) and backpropagates it, `update` applies the optimizer
/// with the step's guard and `clip=`, moves the cursor, counts the step and logs it. The three
/// leave the net as `step` leaves it, bit for bit (`PendingStep` carries the step between them).
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
            throw failure(error, of: trainer, record, command, statement: "step")
        }
        record.keep(cursor, on: data.name)
        record.countStep(endsEpoch: endsEpoch, gradientNorm: trainer.lastGradientNorm?.value)
        record.lastPass = trace.pass
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
            record, pass: trace.pass,
            gradients: trace.update.parameters.map { ($0.name, $0.shape, $0.gradient) }, tables: tables)
        sections += try updateSections(record, trace.update, tables: tables, formatter: formatter)
        _ = try HistoryLog.append(&record, data: data, health: trace.layers)
        context.state.store(net: record)
        context.show(Rendering.stacked(sections))
    }

    /// The error for a step (or its update) the engine refused, with the global gradient norms
    /// that led to it: the net's last step's, then this one's when it was measured.
    private static func failure(
        _ error: any Error, of trainer: Trainer, _ record: NetRecord, _ command: CommandStatement,
        statement: String
    ) -> any Error {
        var norms: [(step: Int, value: Double)] = []
        if let last = record.stepGradientNorms.steps.last, last == record.steps,
            let value = record.stepGradientNorms.values.last, !record.stepGradientNorms.isDownsampled
        {
            norms.append((last, value))
        }
        // A fresh trainer took only this step.
        if let norm = trainer.lastGradientNorm { norms.append((record.steps + 1, norm.value)) }
        return StepMechanics.diagnostic(
            for: error, loss: trainer.lastLoss, command, statement: statement,
            place: "at step \(record.steps + 1) of net '\(record.name)'",
            learningRate: trainer.optimizer.learningRate, gradientNorms: norms, failingStep: record.steps + 1)
    }

    static func forward(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let tables = NetTables(digits: context.state.digits)
        let network = record.network
        if case .value(let expression)? = command.arguments.first {
            if let on = command.option("on") {
                throw LanguageError.eitherOr(first: "inputs", second: "on=DATA", at: on.nameRange)
            }
            if let batch = command.option("batch") {
                throw LanguageError.eitherOr(first: "inputs", second: "batch=N", at: batch.nameRange)
            }
            let inputs = try InputMatrix.read(expression, width: network.spec.inputWidth, net: record.name)
            // Inputs alone are a prediction: evaluation mode, no loss, nothing to backpropagate.
            _ = try network.predict(inputs.flatMap { $0 }, rows: inputs.count)
            let batch = Batch(inputs: inputs.flatMap { $0 }, targets: [], rows: inputs.count)
            guard let pass = network.lastPass(training: false, backpropagated: false) else { return }
            record.lastPass = pass
            context.state.store(net: record)
            context.show(
                Rendering.stacked(try forwardSections(record, pass: pass, batch: batch, tables: tables)))
            return
        }
        let data = try context.dataForCommand(command)
        let (pending, batch) = try nextPart(&record, data: data, command, in: &context)
        let (loss, pass) = try explainedPass(&record, batch: batch, backpropagate: false, command, "forward")
        record.pendingStep = pending
        record.lastPass = pass
        context.state.store(net: record)
        var sections = partHeader(record, "forward", data: data, pending).map { [$0] } ?? []
        sections += try forwardSections(record, pass: pass, batch: batch, tables: tables)
        sections.append(
            Rendering(plain: "loss \(tables.lossName(record)) = \(context.state.formatter.format(loss))"))
        context.show(Rendering.stacked(sections))
    }

    static func backward(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let data = try context.dataForCommand(command)
        var (pending, batch) = try nextPart(&record, data: data, command, in: &context)
        let (loss, pass) = try explainedPass(&record, batch: batch, backpropagate: true, command, "backward")
        pending.backpropagatedPass = pass
        record.pendingStep = pending
        record.lastPass = pass
        context.state.store(net: record)
        let tables = NetTables(digits: context.state.digits)
        var sections = partHeader(record, "backward", data: data, pending).map { [$0] } ?? []
        sections.append(
            Rendering(plain: "loss \(tables.lossName(record)) = \(context.state.formatter.format(loss))"))
        let gradients = record.network.parameters.map { ($0.name, $0.shape, $0.grad) }
        sections += try backwardSections(record, pass: pass, gradients: gradients, tables: tables)
        context.show(Rendering.stacked(sections))
    }

    /// The batch `forward` or `backward` runs on, and the step it is part of: the step `forward`
    /// began on the same data (a `batch=` of another size begins a new one), or the batch `step`
    /// would take next from the net's data cursor, which does not move until `update`. The
    /// network's dropout generator is put where that step's pass draws its masks.
    private static func nextPart(
        _ record: inout NetRecord, data: DataRecord, _ command: CommandStatement,
        in context: inout ExecutionContext
    ) throws -> (PendingStep, Batch) {
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let size = try batchSize(command, record: record, dataset: data.training)
        if let pending = record.pendingStep, pending.data == data.name,
            pending.dataRows == data.training.count, command.option("batch") == nil || pending.size == size
        {
            try reserve(record, data: data, rows: pending.rows.count, command, in: &context)
            record.network.random = pending.randomBefore
            return (pending, try StepMechanics.batch(pending.rows, of: data.training, for: record))
        }
        try reserve(record, data: data, rows: size, command, in: &context)
        let (rows, batch, cursor, endsEpoch) = try StepMechanics.nextBatchInOrder(
            record, data: data, size: size, random: &context.state.random)
        let pending = PendingStep(
            data: data.name, dataRows: data.training.count, size: size, rows: Array(rows),
            cursorAfter: cursor,
            endsEpoch: endsEpoch, randomBefore: record.network.random, backpropagatedPass: nil)
        return (pending, batch)
    }

    /// The memory of a pass on `rows` rows, reserved for the statement.
    private static func reserve(
        _ record: NetRecord, data: DataRecord, rows: Int, _ command: CommandStatement,
        in context: inout ExecutionContext
    ) throws {
        try context.reserve(
            try MemoryEstimates.passes(
                record, [(data.training, [rows], MemoryEstimates.planLoss(record))], keptRows: rows),
            for: command)
    }

    /// `forward of net n on xor, rows 0…1 (2 of 4): part of step 3` when a part of a step runs
    /// on some of the rows; nothing when it runs on all of them, as a full-batch step does.
    private static func partHeader(
        _ record: NetRecord, _ part: String, data: DataRecord, _ pending: PendingStep
    )
        -> Rendering?
    {
        guard pending.rows.count != data.training.count else { return nil }
        return Rendering(
            plain:
                "\(part) of net \(record.name) on \(data.name), rows \(rowsText(pending.rows)) "
                + "(\(pending.rows.count) of \(data.training.count)): part of step \(record.steps + 1)")
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
        // The step `backward` began, finished as `step` finishes it. Without one (the gradients
        // an earlier step left), the optimizer applies them again and the step is counted, as a
        // second optimizer.step() in PyTorch; the data cursor stays where it is.
        let pending = record.pendingStep
        if let pending, pending.backpropagatedPass == nil {
            throw LanguageError.lacks(
                owner: "the step forward began on '\(pending.data)'", what: "gradients yet",
                remedy: "run backward first", at: command.nameRange)
        }
        let data = pending.flatMap { context.state.datasets[$0.data] }
        if let data {
            try HistoryLog.logInitialState(&record, data: data)
        } else {
            record.keepStartBeforeFirstStep()
        }
        let trainer = try StepMechanics.trainer(for: &record, command)
        trainer.metricsLevel = .full
        let update: UpdateTrace
        let health: [LayerMetrics]
        do {
            (update, health) = try trainer.explainedUpdate(after: pending?.backpropagatedPass)
        } catch {
            throw failure(error, of: trainer, record, command, statement: "update")
        }
        if let pending { record.keep(pending.cursorAfter, on: pending.data) }
        record.countStep(
            endsEpoch: pending?.endsEpoch ?? false, gradientNorm: trainer.lastGradientNorm?.value)
        if let data { _ = try HistoryLog.append(&record, data: data, health: health) }
        context.state.store(net: record)
        context.show(
            Rendering.stacked(
                try updateSections(
                    record, update, tables: NetTables(digits: context.state.digits),
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
        _ record: NetRecord, _ update: UpdateTrace, tables: NetTables, formatter: ValueFormatter
    ) throws -> [Rendering] {
        let parameters = update.parameters
        var sections: [Rendering] = []
        if let norm = update.gradientNorm, let scale = update.clipScale {
            sections.append(
                Rendering(
                    plain: "clip: ‖∇‖ = \(formatter.format(norm)); "
                        + (scale < 1
                            ? "gradients scaled by \(formatter.format(scale))" : "within the norm, unchanged")
                ))
        }
        let name =
            record.rule == .backprop ? tables.optimizerText(record.optimizer) : tables.ruleName(record.rule)
        // The classic rules' names state their rule already.
        let formula =
            record.rule == .backprop ? parameters.lazy.compactMap(\.update).first?.formula ?? [] : []
        let baseRate = record.optimizerInstance?.learningRate ?? record.optimizer.learningRate
        sections.append(
            Rendering(plain: (["update: \(name)"] + formula.map { "  " + $0 }).joined(separator: "\n")))
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
