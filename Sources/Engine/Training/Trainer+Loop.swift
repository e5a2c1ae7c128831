extension Trainer {
    /// Trains on `data` as `options` say, one step after another: `onStep` sees each step
    /// and may stop the run, and `shouldStop` is asked before each step (true ends the run,
    /// cancelled, at its last complete step). With early stopping, a run that ends
    /// other than cancelled ends with the best epoch's weights. Batches continue the trainer's
    /// `cursor` (a run may start mid-epoch) and leave it where the run stopped.
    ///
    /// Throws the engine's errors (a non-finite loss leaves the weights as before that
    /// step) and whatever `onStep` throws.
    public func run(
        on data: Samples, _ options: TrainingOptions,
        onStep: (TrainingStepReport) throws -> TrainingDecision = { _ in .proceed },
        shouldStop: () -> Bool = { false }
    ) throws -> TrainingSummary {
        let batchSize = options.batchSize
        guard batchSize > 0 else {
            throw EngineError.invalidOption(name: "batch", value: Double(batchSize), expected: .atLeast(1))
        }
        guard data.inputWidth == network.spec.inputWidth else {
            throw EngineError.dataMismatch(
                what: "input width", expected: network.spec.inputWidth, got: data.inputWidth)
        }
        let accumulation = options.accumulation
        guard accumulation > 0, accumulation == 1 || classicRule == nil else {
            throw EngineError.invalidOption(
                name: "accum", value: Double(accumulation),
                expected: classicRule == nil ? .atLeast(1) : .oneForClassicRule)
        }
        let parallelRun = try dataParallelRun(options, rowCount: data.count)
        let totalSteps: Int
        switch options.length {
        case .steps(let steps): totalSteps = steps
        case .epochs(let epochs):
            let batchesPerEpoch = (data.count + batchSize - 1) / batchSize
            totalSteps = epochs * ((batchesPerEpoch + accumulation - 1) / accumulation)
        }
        var summary = TrainingSummary(ending: .completed, steps: 0, epochLosses: [], validationLosses: [])
        var point = TrainingPoint(steps: 0, epochs: 0)
        var best: (loss: Double, point: TrainingPoint, weights: [TensorBuffer])?
        var epochsWithoutImprovement = 0
        // The epoch's step losses, for early stopping on their mean (this run's part of the epoch).
        var lossTotal = 0.0
        var batches = 0
        while point.steps < totalSteps {
            if shouldStop() {
                summary.ending = .cancelled
                break
            }
            if cursor == nil {
                lossTotal = 0
                batches = 0
            }
            // One batch, or with accumulation several, which may cross an epoch's end. The single
            // batch needs no array, so a plain step allocates nothing.
            var epochsEnded = 0
            let metrics: StepMetrics
            if let parallelRun {
                // The workers' batches go in the run's own array, kept from step to step.
                parallelRun.batches.removeAll(keepingCapacity: true)
                for _ in 0..<accumulation {
                    let (rows, ends) = DataCursor.nextBatch(
                        &cursor, rowCount: data.count, batchSize: batchSize, shuffle: options.shuffle,
                        random: &random)
                    parallelRun.batches.append(rows)
                    if ends { epochsEnded += 1 }
                }
                metrics = try dataParallelRunStep(
                    on: data, run: parallelRun,
                    check: parallelRun.checksEveryStep || point.steps == 0 || metricsLevel == .full)
            } else if accumulation == 1 {
                let (rows, ends) = DataCursor.nextBatch(
                    &cursor, rowCount: data.count, batchSize: batchSize, shuffle: options.shuffle,
                    random: &random)
                if ends { epochsEnded = 1 }
                metrics = try step(on: data, rows: rows)
            } else {
                var stepBatches: [ArraySlice<Int>] = []
                for _ in 0..<accumulation {
                    let (rows, ends) = DataCursor.nextBatch(
                        &cursor, rowCount: data.count, batchSize: batchSize, shuffle: options.shuffle,
                        random: &random)
                    stepBatches.append(rows)
                    if ends { epochsEnded += 1 }
                }
                metrics = try accumulatedStep(on: data, batches: stepBatches)
            }
            let endsEpoch = epochsEnded > 0
            point.steps += 1
            lossTotal += metrics.loss
            batches += 1
            summary.steps = point.steps
            var validationLoss: Double?
            if endsEpoch {
                for _ in 0..<epochsEnded { noteEpochFinished() }
                point.epochs += epochsEnded
                if options.keepsEpochLosses {
                    summary.epochLosses.append(lossTotal / Double(max(batches, 1)))
                }
                if let validation = options.validation {
                    validationLoss = try evaluate(validation)
                    if options.keepsEpochLosses { summary.validationLosses.append(validationLoss!) }
                }
            }
            let report = TrainingStepReport(
                metrics: metrics, point: point, totalSteps: totalSteps, endsEpoch: endsEpoch,
                validationLoss: validationLoss)
            if try onStep(report) == .stop {
                summary.ending = .stoppedByCaller
                break
            }
            guard endsEpoch, let earlyStopping = options.earlyStopping else { continue }
            let monitored =
                switch (validationLoss, earlyStopping.measure) {
                case (let loss?, _): loss
                case (nil, .meanStepLoss): lossTotal / Double(max(batches, 1))
                case (nil, .lossOnTrainingData): try evaluate(data)
                }
            if monitored < (best?.loss ?? .infinity) - earlyStopping.minimumDelta {
                best = (monitored, point, network.parameters.map { $0.storage.copyOf() })
                epochsWithoutImprovement = 0
            } else {
                epochsWithoutImprovement += 1
                if epochsWithoutImprovement >= earlyStopping.patience {
                    summary.ending = .earlyStopped(bestEpoch: (best?.point.epochs ?? 0) - 1)
                    break
                }
            }
        }
        if summary.ending != .cancelled, let best, best.point != point {
            for (parameter, saved) in zip(network.parameters, best.weights) {
                parameter.storage.copy(from: saved)
            }
            summary.restored = best.point
        }
        summary.dataParallel = parallelRun?.summary
        return summary
    }

    /// The data-parallel state of a run with workers, checked: a net trained by backprop, with a
    /// row of every full batch for each worker.
    private func dataParallelRun(_ options: TrainingOptions, rowCount: Int) throws(EngineError)
        -> DataParallelRun?
    {
        guard let dataParallel = options.dataParallel else { return nil }
        let workers = dataParallel.workers
        guard classicRule == nil else {
            throw .invalidOption(
                name: "workers", value: Double(workers), expected: .backpropagatedNet)
        }
        let rows = min(options.batchSize, rowCount)
        guard workers >= 1, workers <= rows else {
            throw .invalidOption(
                name: "workers", value: Double(workers), expected: .batchRows(rows))
        }
        return DataParallelRun(
            dataParallel, network: network, batchSize: rows, accumulation: options.accumulation)
    }

    /// One step on the chosen rows of `data`.
    private func step(on data: Samples, rows: ArraySlice<Int>) throws(EngineError) -> StepMetrics {
        if let classicRule {
            // The rule reads the data's own Float64 values, whatever the network's dtype.
            var inputs: [Double] = []
            var targets: [Double] = []
            inputs.reserveCapacity(rows.count * data.inputWidth)
            for row in rows {
                inputs += data.inputs[(row * data.inputWidth)..<((row + 1) * data.inputWidth)]
                targets += data.targets[(row * data.targetWidth)..<((row + 1) * data.targetWidth)]
            }
            return try classicStep(classicRule, inputs: inputs, targets: targets, rows: rows.count).metrics
        }
        let plan = try trainingPlan(rows: rows.count)
        try load(data, rows: rows, into: plan)
        return try step(on: plan).metrics
    }

    /// One step from several batches' gradients (gradient accumulation).
    private func accumulatedStep(on data: Samples, batches: [ArraySlice<Int>]) throws(EngineError)
        -> StepMetrics
    {
        var plans: [TrainingPlan] = []
        for rows in batches { plans.append(try trainingPlan(rows: rows.count)) }
        return try accumulatedStep(
            plans: zip(batches, plans).map { rows, plan in
                (plan, { () throws(EngineError) in try self.load(data, rows: rows, into: plan) })
            }
        )
    }

    /// Copies the chosen rows of `data` into the plan's input and target leaves.
    func load(_ data: Samples, rows: ArraySlice<Int>, into plan: TrainingPlan) throws(EngineError) {
        let inputWidth = data.inputWidth
        let targetWidth = data.targetWidth
        let classCount = plan.targets.shape[1]
        // Target rows per example: 1, or a sequence model's positions (one class index each).
        let perExample = plan.targets.shape[0] / plan.batchSize
        let oneHotFromIndex = targetWidth == perExample && classCount > 1
        guard oneHotFromIndex || targetWidth == perExample * classCount else {
            throw .dataMismatch(
                what: "target width", expected: perExample > 1 ? perExample : classCount, got: targetWidth)
        }
        // Token ids are checked as `TrainingPlan.load(inputs:)` checks them.
        let vocabularySize = plan.vocabularySize
        for (slot, row) in rows.enumerated() {
            for column in 0..<inputWidth {
                let value = data.inputs[row * inputWidth + column]
                if let vocabularySize { _ = try tokenIndex(value, vocabularySize: vocabularySize) }
                plan.inputs[flat: slot * inputWidth + column] = value
            }
            if oneHotFromIndex {
                for position in 0..<perExample {
                    try plan.loadClassTarget(
                        data.targets[row * targetWidth + position], row: slot * perExample + position)
                }
            } else {
                for column in 0..<targetWidth {
                    plan.targets[flat: slot * targetWidth + column] = data.targets[row * targetWidth + column]
                }
            }
        }
    }
}

extension TensorBuffer {
    /// A new buffer with the same contents.
    func copyOf() -> TensorBuffer {
        let copy = TensorBuffer(dtype: dtype, count: count)
        copy.copy(from: self)
        return copy
    }
}
