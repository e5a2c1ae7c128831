import Engine
import Render

/// `parallel [NET] workers=N [batch=B]`: one training step of the net taken as N data-parallel
/// workers would take it (`Trainer.dataParallelStep`), on the batch `step` would take next, and
/// explained: each worker's shard, loss and gradient, the ring all-reduce step by step, the bytes
/// each worker sends against a parameter server, and the reduced gradient checked against the
/// whole batch's. The net takes the step, as after `step`.
enum DataParallelCommand {
    static let defaultWorkers = 2
    /// The ring's table has a column per worker, so it stays readable.
    static let maximumWorkers = 16

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let netName = try netArgument(command)
        var record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let workersRange = command.option("workers")?.value.range ?? command.nameRange
        guard record.rule == .backprop else {
            throw LanguageError.needsBackprop(
                .parallel, net: record.name, rule: record.rule, at: netName?.range ?? command.nameRange)
        }
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let workers =
            try OptionReader.integer(command, "workers", atLeast: 1, atMost: maximumWorkers) ?? defaultWorkers
        let size = min(
            try OptionReader.integer(command, "batch", atLeast: 1) ?? data.training.count, data.training.count
        )
        guard size >= workers else {
            throw LanguageError.notAllowed(
                why:
                    "\(workers) workers need a row each, but the batch has \(size) row\(size == 1 ? "" : "s")",
                notes: ["use workers=\(size) or fewer, or a larger batch="], at: workersRange)
        }
        let shards = try BatchShards(rows: size, workers: workers)
        try context.reserve(try memoryNeed(record, data: data, size: size, shards: shards), for: command)
        // As `step`: the batch it takes next, epochs it begins in order.
        let (rows, batch, cursor, endsEpoch) = try StepMechanics.nextBatchInOrder(
            record, data: data, size: size, random: &context.state.random)
        try HistoryLog.logInitialState(&record, data: data)
        let trainer = try StepMechanics.trainer(for: &record, command)
        trainer.metricsLevel = .full
        let report: DataParallelReport
        do {
            report = try trainer.dataParallelStep(
                inputs: batch.inputs, targets: batch.targets, rows: batch.rows, workers: workers)
        } catch {
            throw StepMechanics.diagnostic(
                for: error, loss: trainer.lastLoss, command, statement: "parallel",
                place: "at step \(record.steps + 1) of net '\(record.name)'",
                learningRate: trainer.optimizer.learningRate)
        }
        record.keep(cursor, on: data.name)
        record.countStep(endsEpoch: endsEpoch, gradientNorm: nil)
        record.lastPass = record.network.lastPass(training: record.network.isTraining, backpropagated: true)
        _ = try HistoryLog.append(&record, data: data, health: report.metrics.layers)
        context.state.store(net: record)
        let explanation = DataParallelExplanation(
            report: report, record: record, digits: context.state.digits)
        context.show(
            Rendering.stacked(
                [
                    Rendering(
                        plain:
                            "data-parallel step \(record.steps) of net \(record.name) on \(data.name), rows "
                            + "\(StepCommands.rowsText(Array(rows))) (\(rows.count)) over \(workers) "
                            + "worker\(workers == 1 ? "" : "s"); "
                            + NetTables(digits: context.state.digits).optimizerText(record.optimizer))
                ] + (try explanation.sections(rows: Array(rows)))))
    }

    /// The optional NET before the options.
    private static func netArgument(_ command: CommandStatement) throws -> ValueExpression? {
        guard case .value(let expression)? = command.arguments.first else { return nil }
        guard expression.name != nil else {
            throw LanguageError.argumentForm(command: "parallel", takes: "a net's name", at: expression.range)
        }
        return expression
    }

    /// The batch, a plan for the batch and for each shard size, the kept pass, and the workers'
    /// gradient buffers (N, the reduced and the whole batch's, as Float64).
    private static func memoryNeed(_ record: NetRecord, data: DataRecord, size: Int, shards: BatchShards)
        throws -> MemoryNeed
    {
        let loss = MemoryEstimates.planLoss(record)
        var need = try MemoryEstimates.passes(
            record, [(data.training, [size, data.training.count] + shards.ranges.map(\.count), loss)],
            keptRows: size)
        need.parts += MemoryEstimates.startingWeights(record)
        let values = record.network.parameters.reduce(0) { $0 + $1.count }
        need.parts.append(
            (
                "the \(shards.count) workers' gradients and the whole batch's (Float64)",
                values.multipliedSaturated((shards.count + 2) * 8)
            ))
        return need
    }
}
