/// When a training run stops.
public enum TrainingLength: Sendable, Equatable {
    /// Whole passes over the data.
    case epochs(Int)
    /// A number of minibatch steps (epochs roll over as needed).
    case steps(Int)
}

/// Stop when the monitored loss (validation if given, else the epoch's mean training
/// loss) has not improved by `minimumDelta` for `patience` epochs, and put back the
/// weights of the best epoch.
public struct EarlyStopping: Sendable, Equatable {
    public var patience: Int
    public var minimumDelta: Double

    public init(patience: Int, minimumDelta: Double = 0) {
        self.patience = patience
        self.minimumDelta = minimumDelta
    }
}

/// How a training run ended.
public struct TrainingSummary: Sendable, Equatable {
    /// Why the run ended.
    public enum Ending: Sendable, Equatable {
        case completed
        case earlyStopped(bestEpoch: Int)
        case cancelled
    }

    public var ending: Ending
    /// Steps this run took.
    public var steps: Int
    /// Mean training loss of each completed epoch.
    public var epochLosses: [Double]
    /// Validation loss after each completed epoch (empty without validation data).
    public var validationLosses: [Double]
}

extension Trainer {
    /// Trains on `data` in shuffled minibatches of `batchSize` (the last one of an epoch
    /// may be smaller). `shouldStop` is asked before each step; when it answers true the
    /// run ends with the model at its last complete step. `onStep` sees every step's metrics.
    public func train(
        on data: Samples, length: TrainingLength, batchSize: Int, shuffle: Bool = true,
        validation: Samples? = nil, earlyStopping: EarlyStopping? = nil,
        shouldStop: () -> Bool = { false }, onStep: (StepMetrics) -> Void = { _ in }
    ) throws(EngineError) -> TrainingSummary {
        guard batchSize > 0 else {
            throw .invalidOption(name: "batch", value: Double(batchSize), expected: "at least 1")
        }
        guard data.inputWidth == network.spec.inputWidth else {
            throw .dataMismatch(what: "input width", expected: network.spec.inputWidth, got: data.inputWidth)
        }
        let stepLimit: Int? = if case .steps(let n) = length { n } else { nil }
        let epochLimit: Int? = if case .epochs(let n) = length { n } else { nil }
        var summary = TrainingSummary(ending: .completed, steps: 0, epochLosses: [], validationLosses: [])
        var best = (loss: Double.infinity, epoch: -1)
        var bestWeights: [TensorBuffer] = []
        var epochsWithoutImprovement = 0
        var epochsDone = 0
        training: while epochLimit.map({ epochsDone < $0 }) ?? true {
            let order = shuffle ? random.permutation(data.count) : Array(0..<data.count)
            var start = 0
            var lossTotal = 0.0
            var batches = 0
            while start < data.count {
                if let stepLimit, summary.steps >= stepLimit { break training }
                if shouldStop() {
                    summary.ending = .cancelled
                    break training
                }
                let rows = min(batchSize, data.count - start)
                let plan = try network.plan(batchSize: rows, loss: loss)
                try load(data, rows: order[start..<(start + rows)], into: plan)
                let metrics = try step(on: plan)
                onStep(metrics)
                lossTotal += metrics.loss
                batches += 1
                summary.steps += 1
                start += rows
            }
            guard start >= data.count else { break }
            noteEpochFinished()
            epochsDone += 1
            summary.epochLosses.append(lossTotal / Double(max(batches, 1)))
            var monitored = summary.epochLosses.last!
            if let validation {
                monitored = try evaluate(validation)
                summary.validationLosses.append(monitored)
            }
            if let earlyStopping {
                if monitored < best.loss - earlyStopping.minimumDelta {
                    best = (monitored, epochsDone - 1)
                    bestWeights = network.parameters.map { $0.storage.copyOf() }
                    epochsWithoutImprovement = 0
                } else {
                    epochsWithoutImprovement += 1
                    if epochsWithoutImprovement >= earlyStopping.patience {
                        for (parameter, saved) in zip(network.parameters, bestWeights) {
                            parameter.storage.copy(from: saved)
                        }
                        summary.ending = .earlyStopped(bestEpoch: best.epoch)
                        break training
                    }
                }
            }
        }
        return summary
    }

    /// Copies the chosen rows of `data` into the plan's input and target leaves.
    private func load(_ data: Samples, rows: ArraySlice<Int>, into plan: TrainingPlan) throws(EngineError) {
        let inputWidth = data.inputWidth
        let targetWidth = data.targetWidth
        let oneHotFromIndex = targetWidth == 1 && plan.targets.shape[1] > 1
        guard oneHotFromIndex || targetWidth == plan.targets.shape[1] else {
            throw .dataMismatch(what: "target width", expected: plan.targets.shape[1], got: targetWidth)
        }
        let classCount = plan.targets.shape[1]
        for (slot, row) in rows.enumerated() {
            for column in 0..<inputWidth {
                plan.inputs[flat: slot * inputWidth + column] = data.inputs[row * inputWidth + column]
            }
            if oneHotFromIndex {
                let label = try classIndex(data.targets[row], classCount: classCount)
                for column in 0..<classCount { plan.targets[slot, column] = column == label ? 1 : 0 }
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
