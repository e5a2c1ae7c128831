import Engine
import Render

/// `step` (one step, explained), and its three parts `forward`, `backward`, `update`.
enum StepCommands {
    static func step(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let size = try batchSize(command, record: record, dataset: data.training)
        try context.reserve(
            try MemoryEstimates.passes(
                record, [(data.training, [size, data.training.count], MemoryEstimates.planLoss(record))]),
            for: command)
        let (batch, rows) = try nextBatch(&record, data: data, command: command)
        let tables = NetTables(digits: context.state.digits)
        let before = record.network.parameters.map(\.scalars)
        let loss = try StepMechanics.computeGradients(record, batch: batch)
        var sections = [
            header(record, data: data, rows: rows, step: record.steps + 1, digits: context.state.digits)
        ]
        sections += try forwardSections(record, batch: batch, tables: tables)
        sections.append(
            Rendering(plain: "loss \(tables.lossName(record)) = \(context.state.formatter.format(loss))")
        )
        sections += try backwardSections(record, tables: tables)
        try StepMechanics.clipGradients(record, command)
        try StepMechanics.applyUpdate(&record)
        sections += try updateSections(record, before: before, tables: tables)
        record.steps += 1
        _ = try TrainCommand.record(&record, data: data, loss: loss, rate: record.optimizer.learningRate)
        context.state.store(net: record)
        context.show(RenderingStack.join(sections))
    }

    static func forward(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let record = try context.netRecord(nil, at: command.nameRange)
        let tables = NetTables(digits: context.state.digits)
        if case .value(let expression)? = command.arguments.first {
            if let on = command.option("on") {
                throw Diagnostic(.valueError, "give inputs or on=DATA, not both", at: on.nameRange)
            }
            let inputs = try InputMatrix.read(
                expression, width: record.network.spec.inputWidth, net: record.name)
            _ = try record.network.predict(inputs.flatMap { $0 }, rows: inputs.count)
            let batch = Batch(inputs: inputs.flatMap { $0 }, targets: [], rows: inputs.count)
            context.show(RenderingStack.join(try forwardSections(record, batch: batch, tables: tables)))
            return
        }
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let rows = [data.training.count]
        try context.reserve(
            try MemoryEstimates.passes(
                record,
                [(data.training, rows, Loss(.mse)), (data.training, rows, MemoryEstimates.planLoss(record))]),
            for: command)
        let batch = try StepMechanics.batch(Array(0..<data.training.count), of: data.training, for: record)
        _ = try record.network.predict(batch.inputs, rows: batch.rows)
        var sections = try forwardSections(record, batch: batch, tables: tables)
        let metrics = try Metrics.evaluate(record, on: data.training)
        sections.append(
            Rendering(
                plain:
                    "loss \(tables.lossName(record)) = \(context.state.formatter.format(metrics.loss))"))
        // Metrics ran its own plan; run the shown one again so paths like xor.L1.a match what was shown.
        _ = try record.network.predict(batch.inputs, rows: batch.rows)
        context.show(RenderingStack.join(sections))
    }

    static func backward(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        try context.reserve(
            try MemoryEstimates.passes(
                record, [(data.training, [data.training.count], MemoryEstimates.planLoss(record))]),
            for: command)
        let batch = try StepMechanics.batch(Array(0..<data.training.count), of: data.training, for: record)
        let loss = try StepMechanics.computeGradients(record, batch: batch)
        record.pendingLoss = loss
        context.state.store(net: record)
        let tables = NetTables(digits: context.state.digits)
        var sections = [
            Rendering(plain: "loss \(tables.lossName(record)) = \(context.state.formatter.format(loss))")
        ]
        sections += try backwardSections(record, tables: tables)
        context.show(RenderingStack.join(sections))
    }

    static func update(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        guard record.network.parameters.contains(where: { $0.grad != nil }) else {
            throw Diagnostic(
                .valueError, "net '\(record.name)' has no gradients yet", at: command.nameRange,
                notes: ["run backward first"])
        }
        let before = record.network.parameters.map(\.scalars)
        try StepMechanics.applyUpdate(&record)
        record.steps += 1
        if let loss = record.pendingLoss, let dataName = context.state.currentData,
            let data = context.state.datasets[dataName]
        {
            _ = try TrainCommand.record(
                &record, data: data, loss: loss, rate: record.optimizer.learningRate)
        }
        record.pendingLoss = nil
        context.state.store(net: record)
        context.show(
            RenderingStack.join(
                try updateSections(record, before: before, tables: NetTables(digits: context.state.digits))))
    }

    /// `batch=`, or all rows (one for the classic rules), at most the data set's rows.
    private static func batchSize(_ command: CommandStatement, record: NetRecord, dataset: Dataset) throws
        -> Int
    {
        let defaultSize = record.rule == .backprop ? dataset.count : 1
        return min(try OptionReader.integer(command, "batch", atLeast: 1) ?? defaultSize, dataset.count)
    }

    /// The rows of the next step: `batch=` rows from where the last step stopped, wrapping around.
    private static func nextBatch(
        _ record: inout NetRecord, data: DataRecord, command: CommandStatement
    ) throws -> (Batch, [Int]) {
        let dataset = data.training
        try StepMechanics.check(dataset, fits: record, at: command.range)
        let size = try batchSize(command, record: record, dataset: dataset)
        let start = record.nextRow % dataset.count
        let rows = (0..<size).map { (start + $0) % dataset.count }
        record.nextRow = (start + size) % dataset.count
        if record.nextRow == 0 || size == dataset.count { record.epochs += 1 }
        return (try StepMechanics.batch(rows, of: dataset, for: record), rows)
    }

    private static func header(_ record: NetRecord, data: DataRecord, rows: [Int], step: Int, digits: Int)
        -> Rendering
    {
        let rule = NetTables(digits: digits).ruleName(record.rule)
        let optimizer =
            record.rule == .backprop ? ", \(NetTables(digits: digits).optimizerText(record.optimizer))" : ""
        return Rendering(
            plain:
                "step \(step) of net \(record.name) on \(data.name), rows \(rows.first ?? 0)…\(rows.last ?? 0) "
                + "(\(rows.count)); \(rule)\(optimizer)")
    }

    /// Inputs, targets, then each layer's z and a.
    private static func forwardSections(_ record: NetRecord, batch: Batch, tables: NetTables) throws
        -> [Rendering]
    {
        let network = record.network
        var sections = [
            try tables.matrix("inputs X", values: batch.inputs, shape: [batch.rows, network.spec.inputWidth])
        ]
        if !batch.targets.isEmpty {
            let width = batch.targets.count / max(1, batch.rows)
            sections.append(
                try tables.matrix("targets T", values: batch.targets, shape: [batch.rows, width]))
        }
        guard let plan = network.lastPlan else { return sections }
        var previous = "X"
        for (layer, trace) in zip(network.layers, plan.traces) {
            defer { previous = "\(layer.name).a" }
            if let dense = layer as? DenseLayer {
                sections.append(
                    try tables.matrix(
                        "\(layer.name).z = \(previous)·\(layer.name).W + \(layer.name).b",
                        values: trace.preActivation.scalars,
                        shape: trace.preActivation.shape))
                let activation = record.rule == .perceptron ? "step" : "\(dense.activation)"
                let values =
                    record.rule == .perceptron
                    ? trace.preActivation.scalars.map(ClassicRule.perceptron.output(netInput:))
                    : trace.output.scalars
                sections.append(
                    try tables.matrix(
                        "\(layer.name).a = \(activation)(\(layer.name).z)", values: values,
                        shape: trace.output.shape))
            } else {
                sections.append(
                    try tables.matrix(
                        "\(layer.name).a", values: trace.output.scalars, shape: trace.output.shape))
            }
        }
        return sections
    }

    /// Each layer's δ from the last layer back, then each parameter's gradient.
    private static func backwardSections(_ record: NetRecord, tables: NetTables) throws -> [Rendering] {
        var sections: [Rendering] = []
        if record.rule == .backprop, let plan = record.network.lastPlan {
            for (layer, trace) in zip(record.network.layers, plan.traces).reversed() {
                guard let delta = trace.delta else { continue }
                sections.append(
                    try tables.matrix(
                        "\(layer.name).δ = ∂loss/∂\(layer.name).z", values: delta,
                        shape: trace.preActivation.shape))
            }
        }
        for parameter in record.network.parameters {
            guard let grad = parameter.grad else { continue }
            sections.append(
                try tables.matrix(
                    record.rule == .backprop
                        ? "∂loss/∂\(parameter.name)" : "−Σ (t − y)·input for \(parameter.name)",
                    values: grad, shape: parameter.shape))
        }
        return sections
    }

    /// Each parameter before and after the update, with the rule applied.
    private static func updateSections(_ record: NetRecord, before: [[Double]], tables: NetTables) throws
        -> [Rendering]
    {
        var sections = [
            Rendering(
                plain: "update: "
                    + (record.rule == .backprop
                        ? tables.optimizerText(record.optimizer) + " (θ ← θ − η·∇θ for plain sgd)"
                        : tables.ruleName(record.rule)))
        ]
        for (parameter, old) in zip(record.network.parameters, before) {
            let frozen = parameter.isFrozen ? " (frozen, unchanged)" : ""
            sections.append(
                try tables.matrix("\(parameter.name) before", values: old, shape: parameter.shape))
            sections.append(
                try tables.matrix(
                    "\(parameter.name) after\(frozen)", values: parameter.scalars, shape: parameter.shape))
        }
        return sections
    }
}
