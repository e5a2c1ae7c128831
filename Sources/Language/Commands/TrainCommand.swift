import Engine
import Foundation
import Render

/// `train [EPOCHS] [on DATA] [steps= batch= every= patience= until= shuffle= watch= on=]`, with a
/// teacher (`teacher= temperature= alpha=`) or in mixed precision (`precision= loss_scale=`)
/// as `TrainingObjective` reads them, and on simulated data-parallel workers (`workers=`, read by
/// `TrainingWorkers`).
enum TrainCommand {
    /// What the statement asked for.
    private struct Plan {
        var epochs: Int?
        var steps: Int?
        var batchSize: Int
        var every: Int
        var patience: Int?
        var until: (metric: String, op: ComparisonOperator, value: Double, range: SourceRange)?
        var shuffle: Bool
        /// Batches whose gradients make one step.
        var accumulation: Int
    }

    /// The most batches one step may accumulate.
    static let maximumAccumulation = 4096

    static let defaultEpochs = 100
    /// Progress updates at most this often, so the front end is not flooded.
    static let progressInterval = 0.25

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var record = try context.netRecord(nil, at: command.nameRange)
        let data = try dataRecord(command, in: context)
        let dataset = data.training
        // What the logs and the summary measure: all of it, or eval= examples of each part.
        let (measured, measuredOn) = try EvaluationSample.data(command, data, for: record)
        try StepMechanics.check(dataset, fits: record, at: command.range)
        // The classic rules learn one sample at a time unless told otherwise.
        let plan = try makePlan(command, rowCount: dataset.count, for: record)
        let workers = try TrainingWorkers.read(
            command, record: record, batchRows: plan.batchSize)
        // Whether the last step's pass is copied for the views, which the memory need counts.
        let keepsPass = MemoryEstimates.trainKeepsPass(record, rows: plan.batchSize)
        // A teacher's plans and a rounded plan are more memory; their options are checked later.
        let teacher = command.option("teacher")?.value.name.flatMap { context.state.nets[$0] }
        try context.reserve(
            try memoryNeed(
                plan, record: record, data: data, keepsPass: keepsPass, workers: workers, teacher: teacher,
                rounds: command.option("precision") != nil),
            for: command)
        let batchesPerEpoch = (dataset.count + plan.batchSize - 1) / plan.batchSize
        let stepsPerEpoch = (batchesPerEpoch + plan.accumulation - 1) / plan.accumulation
        let totalSteps = plan.steps ?? (plan.epochs ?? defaultEpochs) * stepsPerEpoch
        // Checked before anything is shown, so a mistaken schedule shows nothing but its error.
        let schedule = try TrainingSchedule.make(
            command, totalSteps: totalSteps,
            base: record.optimizerInstance?.learningRate ?? record.optimizer.learningRate)
        var live = try LiveDiagnostics(command, record: record, in: context)
        let distillation = try TrainingObjective.distillation(
            command, student: record, data: data, in: context)
        let precision = try TrainingObjective.precision(command, record: record)

        if plan.batchSize == dataset.count, dataset.count > Metrics.evaluationRows {
            // Full-batch training: its plan is the whole set's, which every log's measurement
            // then shares rather than making passes of its own (the memory need counts one plan).
            _ = try record.network.plan(batchSize: plan.batchSize, loss: MemoryEstimates.planLoss(record))
        }
        try HistoryLog.logInitialState(&record, data: measured)
        let displayID = context.newDisplayID()
        let start = Date()
        var lastShown = Date.distantPast
        // Steps since the last log, so an interrupted run logs where it stopped.
        var stepsSinceRecord = 0
        // The last step's pass, copied before a log's evaluation re-runs the plan it ran on.
        var loggedPass: PassTrace?
        var stopReason: String?
        var lastLoss: Double?
        var lastValidation: Double?
        let firstStep = record.steps
        let firstEpoch = record.epochs

        func progress() -> ProgressLine {
            ProgressLine(
                // This run's own counts, so a second `train 100` reads 1/100, not 101/100.
                step: record.steps - firstStep, totalSteps: totalSteps, epoch: record.epochs - firstEpoch,
                totalEpochs: plan.epochs,
                loss: lastLoss, validationLoss: lastValidation,
                elapsedSeconds: Date().timeIntervalSince(start),
                numberFormat: NumberFormat(significantDigits: context.state.digits))
        }
        var reporter = ProgressReporter(
            style: context.state.progressStyle, output: context.output, displayID: displayID)
        reporter.start(progress())
        live.show(record, every: plan.every, on: context.output)
        // This run's last measured gradient norms, for the explanation of a step that fails.
        var recentNorms: [(step: Int, value: Double)] = []

        let trainer = try StepMechanics.trainer(for: &record, command)
        trainer.schedule = schedule
        // The schedule sets the optimizer's and the layers' rates step by step; the net keeps its own after.
        defer { trainer.restoreLearningRates() }
        try trainer.useDistillation(distillation)
        // A dynamic loss scale goes on from where the net's last mixed-precision run left it.
        trainer.useMixedPrecision(precision, continuing: record.lossScaler)
        // The session's generator shuffles, so a seed gives the same batches as before.
        trainer.random = context.state.random
        defer { context.state.random = trainer.random }
        // The net's place in the data: a run continues the epoch the last one stopped in.
        trainer.cursor = record.cursor(on: data.name)
        trainer.metricsLevel = plan.every == 1 || totalSteps == 1 ? .full : .lossOnly
        // One pass over the gradients a step: plot gradnorm's points, and a failure's explanation.
        trainer.measuresGradientNorm = true
        let options = TrainingOptions(
            length: .steps(totalSteps), batchSize: plan.batchSize, shuffle: plan.shuffle,
            // Validation is measured for patience alone; the history measures its own.
            validation: plan.patience == nil
                ? nil : try measured.validation.map { try samples(of: $0, for: record) },
            earlyStopping: plan.patience.map {
                EarlyStopping(patience: $0, minimumDelta: 1e-12, measure: .lossOnTrainingData)
            },
            // The net's own history logs the run, bounded however long it is.
            keepsEpochLosses: false, accumulation: plan.accumulation, dataParallel: workers)
        let summary: TrainingSummary
        do {
            summary = try trainer.run(
                on: try samples(of: dataset, for: record), options,
                onStep: { report in
                    record.countStep(endsEpoch: report.endsEpoch, gradientNorm: report.metrics.gradientNorm)
                    stepsSinceRecord += 1
                    lastLoss = report.metrics.loss
                    if let norm = report.metrics.gradientNorm {
                        recentNorms = (recentNorms + [(report.point.steps, norm)]).suffix(2)
                        live.noteStep()
                    }
                    // Only the logged steps pay for the layer measurements.
                    let next = report.point.steps + 1
                    trainer.metricsLevel = next % plan.every == 0 || next == totalSteps ? .full : .lossOnly
                    loggedPass = nil
                    if report.point.steps % plan.every == 0 || report.point.steps == totalSteps {
                        if keepsPass { loggedPass = stepPass(record) }
                        let metrics = try HistoryLog.append(
                            &record, data: measured, health: report.metrics.layers)
                        stepsSinceRecord = 0
                        lastValidation = metrics.validationLoss
                        live.noteLog()
                        if let until = plan.until, holds(until, in: metrics) {
                            stopReason =
                                "\(until.metric)\(until.op.rawValue)\(context.state.formatter.format(until.value)) reached"
                            return .stop
                        }
                    }
                    if Date().timeIntervalSince(lastShown) >= progressInterval {
                        reporter.update(progress())
                        live.update(record, every: plan.every, on: context.output)
                        lastShown = Date()
                    }
                    return .proceed
                }, shouldStop: context.shouldStop)
        } catch let error as EngineError where error.nonFiniteSite != nil {
            // The display's last word is the last complete step, counted as the error counts it;
            // the watched charts show the run up to it, the lead-up to the failure.
            reporter.finish(progress())
            live.update(record, every: plan.every, everything: true, on: context.output)
            let failingStep = trainer.stepCount + 1
            if let norm = trainer.lastGradientNorm, norm.step == failingStep {
                recentNorms.append(norm)
            }
            throw StepMechanics.diagnostic(
                for: error, loss: trainer.lastLoss,
                command, statement: "train", place: "at step \(failingStep) of this run",
                learningRate: trainer.optimizer.learningRate, gradientNorms: recentNorms,
                failingStep: failingStep)
        }
        record.keep(trainer.cursor, on: data.name)
        if precision != nil { record.lossScaler = trainer.mixedPrecisionReport?.scaler }
        // A last step that was not logged left its plan as it ran.
        if let loggedPass {
            record.lastPass = loggedPass
        } else if record.steps > firstStep {
            record.lastPass = keepsPass ? stepPass(record) : nil
        }
        if summary.ending == .cancelled {
            if stepsSinceRecord > 0 { _ = try HistoryLog.append(&record, data: measured) }
            context.state.store(net: record)
            reporter.finish(progress())
            live.update(record, every: plan.every, everything: true, on: context.output)
            context.keepsChangesOnError = true
            throw LanguageError.interrupted(
                .training(net: record.name, step: record.steps, epoch: record.epochs), at: command.nameRange)
        }
        if case .earlyStopped = summary.ending, let patience = plan.patience {
            stopReason = "no gain for \(patience) epochs (patience)"
        }
        if let best = summary.restored {
            // The net now holds the best epoch's weights, not the last logged ones: measured
            // again, so show compare reports what the net is.
            var restored = try HistoryLog.measure(record, data: measured)
            restored.step = firstStep + best.steps
            restored.epoch = firstEpoch + best.epochs
            record.restored = restored
        }
        reporter.finish(progress())
        live.update(record, every: plan.every, everything: true, on: context.output)
        context.state.store(net: record)
        try context.show(
            TrainingSummaryTable.rendering(
                record, data: measured, measuredOn: measuredOn, from: firstStep,
                seconds: Date().timeIntervalSince(start),
                stopReason: stopReason, workers: workers?.workers,
                restored: summary.restored.map { (firstEpoch + $0.epochs, firstStep + $0.steps) },
                digits: context.state.digits))
        if let parallel = summary.dataParallel {
            context.show(
                try TrainingWorkers.rendering(
                    parallel, record: record, clip: trainer.clipNorm, accumulation: plan.accumulation,
                    teacher: command.option("teacher")?.value.name,
                    precision: precision?.format.rawValue, digits: context.state.digits))
        }
        if let report = trainer.mixedPrecisionReport {
            try context.show(
                MixedPrecisionTable.rendering(report, net: record.name, digits: context.state.digits))
        }
    }

    /// The batches, the whole-set passes of each log, validation, and for patience= the best
    /// epoch's weights.
    private static func memoryNeed(
        _ plan: Plan, record: NetRecord, data: DataRecord, keepsPass: Bool, workers: DataParallelTraining?,
        teacher: NetRecord?, rounds: Bool
    ) throws -> MemoryNeed {
        let loss = MemoryEstimates.planLoss(record)
        // A worker's plan for each shard size: ⌈b/N⌉ and ⌊b/N⌋ rows.
        let shardSizes =
            workers.map { workers in
                Set([
                    plan.batchSize / workers.workers,
                    (plan.batchSize + workers.workers - 1) / workers.workers,
                ])
                .filter { $0 > 0 && $0 != plan.batchSize }.sorted()
            } ?? []
        let positions = record.network.spec.rowsPerExample
        var need = try MemoryEstimates.passes(
            record,
            [
                (
                    data.training,
                    [plan.batchSize] + shardSizes
                        + Metrics.evaluationBatches(
                            data.training.count, trainingBatch: plan.batchSize, rowsPerExample: positions),
                    loss
                )
            ]
                + (data.validation.map {
                    [($0, Metrics.evaluationBatches($0.count, rowsPerExample: positions), loss)]
                } ?? []),
            copies: 3,
            keptRows: keepsPass ? plan.batchSize : nil)
        need.parts += MemoryEstimates.startingWeights(record)
        if let workers {
            need.parts += TrainingWorkers.memoryParts(workers, record: record)
        }
        if plan.patience != nil {
            need.parts.append(
                ("the best epoch's weights, for patience=", record.network.parameterByteCount / 2))
        }
        let batches = Set([plan.batchSize] + shardSizes).sorted()
        if let teacher, teacher.name != record.name {
            for rows in batches where !teacher.network.hasPlan(batchSize: rows, loss: loss) {
                need.parts.append(
                    (
                        "teacher '\(teacher.name)''s values for a batch of \(rows) rows",
                        try teacher.network.estimatedPlanBytes(batchSize: rows, loss: loss)
                    ))
            }
        }
        if rounds {
            for rows in batches {
                need.parts.append(
                    (
                        "the rounded (mixed-precision) plan for a batch of \(rows) rows",
                        try record.network.estimatedPlanBytes(batchSize: rows, loss: loss)
                    ))
            }
        }
        return need
    }

    /// A data set's rows as the trainer reads them, with targets in the form the net's loss reads.
    static func samples(of dataset: Dataset, for record: NetRecord) throws -> Samples {
        let batch = try StepMechanics.batch(Array(0..<dataset.count), of: dataset, for: record)
        return try Samples(inputs: batch.inputs, targets: batch.targets, count: batch.rows)
    }

    private static func dataRecord(_ command: CommandStatement, in context: ExecutionContext) throws
        -> DataRecord
    {
        // `train 100 on ring` as well as `train 100 on=ring`.
        for (index, argument) in command.arguments.enumerated() {
            if case .value(let word) = argument, word.name == "on" {
                guard index + 1 < command.arguments.count,
                    case .value(let name) = command.arguments[index + 1],
                    let dataName = name.name
                else {
                    throw LanguageError.expected(what: "a data set name after 'on'", at: word.range)
                }
                return try context.dataRecord(dataName, at: name.range)
            }
        }
        return try context.dataForCommand(command)
    }

    private static func makePlan(_ command: CommandStatement, rowCount: Int, for record: NetRecord) throws
        -> Plan
    {
        let defaultBatch: Int? = record.rule == .backprop ? nil : 1
        // The one shape accepted: [EPOCHS] [on DATA], in this order and nothing after.
        var epochs: Int?
        var index = 0
        let arguments = command.arguments
        if case .value(let value)? = arguments.first, case .number = value.kind {
            epochs = try ArgumentReader.integer(command, at: 0, in: 1...100_000_000)
            index = 1
        }
        if index < arguments.count, case .value(let value) = arguments[index], value.name == "on" {
            index += 2  // the data set's name is read by dataRecord
        }
        if index < arguments.count {
            let extra = arguments[index]
            let hint =
                epochs == nil && index > 0
                ? "the number of epochs comes first: train EPOCHS on DATA" : "write train [EPOCHS] [on DATA]"
            throw LanguageError.unexpected(
                what: "argument \(index + 1) of train", notes: [hint], at: extra.range)
        }
        let steps = try OptionReader.integer(command, "steps", atLeast: 1)
        if epochs != nil, steps != nil {
            throw LanguageError.eitherOr(
                first: "epochs", second: "steps=", at: command.option("steps")?.nameRange)
        }
        var until: (String, ComparisonOperator, Double, SourceRange)?
        if let option = command.option("until"),
            case .comparison(let left, let op, let right) = option.value.kind,
            let metric = left.name, case .number(let value) = right.kind
        {
            let metrics = ["loss", "val_loss", "accuracy"]
            guard metrics.contains(metric) else {
                throw LanguageError.unknownName(
                    what: "metric", name: metric, candidates: metrics, at: left.range)
            }
            until = (metric, op, value, option.value.range)
        }
        let batch = try OptionReader.integer(command, "batch", atLeast: 1) ?? defaultBatch ?? rowCount
        let accumulation =
            try OptionReader.integer(command, "accum", atLeast: 1, atMost: maximumAccumulation) ?? 1
        if accumulation > 1, defaultBatch != nil {
            throw LanguageError.needsBackprop(
                .accumulation, net: record.name, rule: record.rule, at: command.option("accum")?.nameRange)
        }
        let batchesPerEpoch = (rowCount + min(batch, rowCount) - 1) / min(batch, rowCount)
        return Plan(
            epochs: epochs, steps: steps, batchSize: min(batch, rowCount),
            // Logging evaluates the whole data set, so by default it happens once an epoch.
            every: try OptionReader.integer(command, "every", atLeast: 1)
                ?? (batchesPerEpoch + accumulation - 1) / accumulation,
            patience: try OptionReader.integer(command, "patience", atLeast: 1), until: until,
            shuffle: OptionReader.boolean(command, "shuffle") ?? true, accumulation: accumulation)
    }

    /// The pass the net's last step ran, copied out of its plan.
    private static func stepPass(_ record: NetRecord) -> PassTrace? {
        record.network.lastPass(training: record.rule == .backprop, backpropagated: record.rule == .backprop)
    }

    private static func holds(
        _ condition: (metric: String, op: ComparisonOperator, value: Double, range: SourceRange),
        in entry: TrainingHistory.Record
    ) -> Bool {
        let observed: Double?
        switch condition.metric {
        case "val_loss": observed = entry.validationLoss
        case "accuracy": observed = entry.accuracy
        default: observed = entry.loss
        }
        guard let observed else { return false }
        switch condition.op {
        case .less: return observed < condition.value
        case .lessOrEqual: return observed <= condition.value
        case .greater: return observed > condition.value
        case .greaterOrEqual: return observed >= condition.value
        }
    }
}
