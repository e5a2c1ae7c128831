import Engine

/// What a net has been through, one record per logged step until `capacity` records, then
/// downsampled so that a run of any length costs a bounded amount of memory.
///
/// When the history is full, neighbouring records are merged in pairs, so each record then
/// covers twice as many logs, and later logs fill a record until it covers as many. Merging is
/// deterministic: a merged record keeps its step range, the mean loss over its steps, its lowest
/// logged loss with that log's step, and the other columns as at its last log.
public struct TrainingHistory: Sendable, Equatable {
    /// One logged step, or after downsampling a run of consecutive logs.
    public struct Record: Sendable, Equatable {
        public var step: Int
        public var epoch: Int
        /// The loss over the whole training set with the weights after this step (evaluation
        /// mode), as the validation loss and the accuracy are measured.
        public var loss: Double
        public var validationLoss: Double?
        public var accuracy: Double?
        public var learningRate: Double
        /// Each dense layer's rate, when some layer has its own (`set NET.L1.lr`); else nil.
        public var layerRates: [Double]?
        /// The L2 norm of each layer's weight gradient, in layer order.
        public var gradientNorms: [Double]
        /// Each dense layer's health at this step (update ratio, dead and saturated units),
        /// measured on the step's own batch; empty when the step was not measured.
        public var health: [LayerMetrics] = []
        /// Each dense layer's weight and gradient quantiles at this step, measured with `health`.
        public var distributions: [LayerDistribution] = []
        /// The first step this record covers (the one after the previous record's step).
        public var firstStep: Int
        /// How many logs were merged into it (1 until the history is downsampled).
        public var logCount = 1
        /// The lowest loss of its logs, and the step of that log.
        public var lowestLoss: Double
        public var lowestLossStep: Int

        init(
            step: Int, epoch: Int, loss: Double, validationLoss: Double?, accuracy: Double?,
            learningRate: Double, layerRates: [Double]? = nil, gradientNorms: [Double], firstStep: Int
        ) {
            self.layerRates = layerRates
            self.step = step
            self.epoch = epoch
            self.loss = loss
            self.validationLoss = validationLoss
            self.accuracy = accuracy
            self.learningRate = learningRate
            self.gradientNorms = gradientNorms
            self.firstStep = firstStep
            lowestLoss = loss
            lowestLossStep = step
        }

        /// The steps it covers.
        var stepCount: Int { max(1, step - firstStep + 1) }

        /// This record followed by `later`: the mean logged loss weighted by steps, the lowest loss,
        /// and the rest as at the later one's last log.
        func merged(with later: Record) -> Record {
            var merged = later
            let weights = (Double(stepCount), Double(later.stepCount))
            merged.loss = (loss * weights.0 + later.loss * weights.1) / (weights.0 + weights.1)
            merged.firstStep = firstStep
            merged.logCount = logCount + later.logCount
            if !(later.lowestLoss < lowestLoss) {
                merged.lowestLoss = lowestLoss
                merged.lowestLossStep = lowestLossStep
            }
            merged.validationLoss = later.validationLoss ?? validationLoss
            merged.accuracy = later.accuracy ?? accuracy
            if merged.health.isEmpty { merged.health = health }
            if merged.distributions.isEmpty { merged.distributions = distributions }
            return merged
        }
    }

    /// Records kept before downsampling starts; even, so records merge in pairs.
    public static let defaultCapacity = 2048

    /// The records, oldest first; at most `capacity`.
    public private(set) var records: [Record] = []
    /// The most records kept.
    public let capacity: Int
    /// Logs per record: 1, then doubling at each downsampling.
    public private(set) var logsPerRecord = 1
    /// The last log as it was made, whatever the downsampling (final loss, val_loss, accuracy).
    public private(set) var latest: Record?

    public init(capacity: Int = TrainingHistory.defaultCapacity) {
        self.capacity = max(2, capacity + capacity % 2)
    }

    /// Whether records have been merged, so a record may stand for several logs.
    public var isDownsampled: Bool { logsPerRecord > 1 }

    /// Logs one step; the record's `firstStep` is taken to follow the previous log's step.
    mutating func append(_ log: Record) {
        var log = log
        log.firstStep = min(log.step, (latest?.step ?? 0) + 1)
        latest = log
        if let last = records.last, last.logCount < logsPerRecord {
            records[records.count - 1] = last.merged(with: log)
            return
        }
        if records.count == capacity {
            records = stride(from: 0, to: records.count, by: 2).map {
                records[$0].merged(with: records[$0 + 1])
            }
            logsPerRecord *= 2
        }
        records.append(log)
    }

    /// The lowest logged loss, and the step it was logged at.
    var lowestLoss: (loss: Double, step: Int)? {
        records.min { $0.lowestLoss < $1.lowestLoss }.map { ($0.lowestLoss, $0.lowestLossStep) }
    }

    /// A line saying how the records were downsampled, or nil when each record is one log.
    var downsamplingNote: String? {
        guard isDownsampled else { return nil }
        return "downsampled to \(records.count) points of up to \(logsPerRecord) logs each: "
            + "loss the mean of its logs weighted by steps, the other columns at its last log"
    }

    /// The columns a path like `xor.history.loss` can name.
    static let columns = ["step", "epoch", "loss", "val_loss", "accuracy", "lr"]

    /// A column's values; missing values (no validation set) are left out.
    func column(_ name: String) -> [Double]? {
        switch name {
        case "step": return records.map { Double($0.step) }
        case "epoch": return records.map { Double($0.epoch) }
        case "loss": return records.map(\.loss)
        case "val_loss": return records.compactMap(\.validationLoss)
        case "accuracy": return records.compactMap(\.accuracy)
        case "lr": return records.map(\.learningRate)
        default: return nil
        }
    }
}
