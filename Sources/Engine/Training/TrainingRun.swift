/// When a training run stops.
public enum TrainingLength: Sendable, Equatable {
    /// Whole passes over the data.
    case epochs(Int)
    /// A number of minibatch steps (epochs roll over as needed).
    case steps(Int)
}

/// Stop when the monitored loss (validation if given, else `measure` on the training
/// data) has not improved by `minimumDelta` for `patience` epochs; the run then ends with
/// the weights of the best epoch.
public struct EarlyStopping: Sendable, Equatable {
    /// What is watched when there is no validation data.
    public enum Measure: Sendable, Equatable {
        /// The mean of the epoch's step losses (each taken before its step's update).
        case meanStepLoss
        /// The loss over all the training data with the weights at the epoch's end.
        case lossOnTrainingData
    }

    public var patience: Int
    public var minimumDelta: Double
    public var measure: Measure

    /// Early stopping after `patience` epochs without a gain larger than `minimumDelta`.
    public init(patience: Int, minimumDelta: Double = 0, measure: Measure = .meanStepLoss) {
        self.patience = patience
        self.minimumDelta = minimumDelta
        self.measure = measure
    }
}

/// What a run does: how long, in which batches, validated and stopped how.
public struct TrainingOptions: Sendable, Equatable {
    public var length: TrainingLength
    /// Rows per step; the last step of an epoch may have fewer.
    public var batchSize: Int
    /// Whether each epoch visits the rows in a fresh order drawn from the trainer's generator.
    public var shuffle: Bool
    /// Data whose loss is measured after each epoch and watched by early stopping.
    public var validation: Samples?
    public var earlyStopping: EarlyStopping?
    /// Whether the summary lists every epoch's losses. They cost 8 bytes an epoch, so a caller
    /// that logs its own bounded history of a long run turns them off.
    public var keepsEpochLosses: Bool
    /// Batches whose gradients make one step (gradient accumulation): with K, each step reads
    /// K batches in turn, each backpropagated with its share of the rows, so the step is the
    /// one a batch K times as large would take, in K times less memory.
    public var accumulation: Int
    /// When set, every step is taken as this many simulated data-parallel workers take it
    /// (`Trainer.dataParallelRunStep`); nil for plain steps.
    public var dataParallel: DataParallelTraining?

    /// Options for a run; by default shuffled, without validation or early stopping.
    public init(
        length: TrainingLength, batchSize: Int, shuffle: Bool = true, validation: Samples? = nil,
        earlyStopping: EarlyStopping? = nil, keepsEpochLosses: Bool = true, accumulation: Int = 1,
        dataParallel: DataParallelTraining? = nil
    ) {
        self.length = length
        self.dataParallel = dataParallel
        self.accumulation = accumulation
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.validation = validation
        self.earlyStopping = earlyStopping
        self.keepsEpochLosses = keepsEpochLosses
    }
}

/// A place in a run, counted from its start.
public struct TrainingPoint: Sendable, Equatable {
    /// Steps taken in the run up to this point.
    public var steps: Int
    /// Epochs completed in the run up to this point.
    public var epochs: Int
}

/// What the caller of `Trainer.run` sees after each step.
public struct TrainingStepReport: Sendable, Equatable {
    /// The step's own measurements.
    public var metrics: StepMetrics
    /// Where the run is, this step included.
    public var point: TrainingPoint
    /// The steps the run takes unless it stops early.
    public var totalSteps: Int
    /// Whether this step completed a pass over the data.
    public var endsEpoch: Bool
    /// The validation loss after this epoch, when the step ends one and there is validation data.
    public var validationLoss: Double?
}

/// The caller's answer after a step.
public enum TrainingDecision: Sendable, Equatable {
    case proceed
    /// End the run here (early stopping's best weights are still put back).
    case stop
}

/// How a training run ended.
public struct TrainingSummary: Sendable, Equatable {
    /// Why the run ended.
    public enum Ending: Sendable, Equatable {
        case completed
        case earlyStopped(bestEpoch: Int)
        /// The step callback answered `.stop`.
        case stoppedByCaller
        case cancelled
    }

    public var ending: Ending
    /// Steps this run took.
    public var steps: Int
    /// Mean training loss of each completed epoch (empty without `keepsEpochLosses`).
    public var epochLosses: [Double]
    /// Validation loss after each completed epoch (empty without validation data or
    /// `keepsEpochLosses`).
    public var validationLosses: [Double]
    /// The best epoch whose weights were put back at the end; nil when the last weights stand.
    public var restored: TrainingPoint?
    /// What the workers did, in a run with `TrainingOptions.dataParallel`.
    public var dataParallel: DataParallelSummary?
}
