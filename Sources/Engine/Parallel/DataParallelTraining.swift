/// How a run's steps are taken by simulated data-parallel workers (`TrainingOptions.dataParallel`):
/// every step as `Trainer.dataParallelStep` takes one, with the run's schedule, clipping, guards,
/// accumulation and data cursor.
public struct DataParallelTraining: Sendable, Equatable {
    /// Workers each step's batch is cut over.
    public var workers: Int
    /// Whether every step's reduced gradient is checked against the whole batch's, rather than
    /// only the run's first step and the steps measured in full (`MetricsLevel.full`, a log's).
    /// A check costs one more forward and backward of the whole batch.
    public var checksEveryStep: Bool

    public init(workers: Int, checksEveryStep: Bool = false) {
        self.workers = workers
        self.checksEveryStep = checksEveryStep
    }
}

/// What the workers of a data-parallel run did (`TrainingSummary.dataParallel`): their losses,
/// the ring's traffic, and the checks of the reduced gradient against the whole batch's.
public struct DataParallelSummary: Sendable, Equatable {
    public var workers: Int
    /// |θ|, values of the flat gradient, and b, bytes of one value.
    public var gradientLength: Int
    public var bytesPerElement: Int
    /// Steps the workers took.
    public var steps: Int
    /// Each worker's rows in a full batch (its shard of `batch` rows times the accumulation).
    public var shardRows: [Int]
    /// Each worker's loss at the last step (nil where it had no rows), and its mean over the
    /// steps where it had rows.
    public var lastLosses: [Double?]
    public var meanLosses: [Double?]
    /// Steps whose shards differed in size, and steps where some worker had no row at all (an
    /// epoch's short last batch with fewer rows than workers): it sent zeros, as torch's `Join`
    /// lets a worker without data shadow the all-reduce.
    public var unevenSteps: Int
    public var idleWorkerSteps: Int
    /// Gradient values each worker sends per step in the ring (and receives): exactly its chunks.
    public var elementsSentPerStep: [Int]
    /// Steps checked against the whole batch, and the largest differences found: max |Δ| and
    /// max |Δ| / max |g| (the `DataParallelReport` measures), with the step where the relative one
    /// was largest.
    public var checks: Int
    public var maximumAbsoluteDifference: Double
    public var maximumRelativeDifference: Double
    public var worstCheckStep: Int?
    /// Whether every checked step's reduced gradient equalled the whole batch's bit for bit.
    public var bitIdentical: Bool

    /// Bytes each worker sends per step in the ring: 2(N−1)/N·|θ|·b, exactly its chunks.
    public func ringBytesPerStep(worker: Int) -> Int { elementsSentPerStep[worker] * bytesPerElement }

    /// Bytes a worker sends to a parameter server per step, and receives back: |θ|·b each way.
    public var parameterServerBytesPerStep: Int { gradientLength * bytesPerElement }

    /// Bytes all the workers sent over the run in the ring.
    public var totalRingBytes: Int { steps * elementsSentPerStep.reduce(0, +) * bytesPerElement }
}
