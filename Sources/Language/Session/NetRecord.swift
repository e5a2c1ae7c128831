import Engine

/// The rule a net learns by: backprop through an optimizer, or a classic single-unit rule.
public enum LearningRule: String, Sendable {
    case backprop
    /// Rosenblatt: w ← w + η (t − step(z)) x.
    case perceptron
    /// Widrow-Hoff (LMS): w ← w + η (t − z) x.
    case lms
}

/// The optimizer a net trains with, as chosen by `optim` (the instance is made lazily).
public struct OptimizerChoice: Sendable, Equatable {
    public var name: String
    /// Option values as given, such as `lr` and `momentum`.
    public var settings: [String: Double]

    public var learningRate: Double { settings["lr"] ?? Self.defaultLearningRate(name) }

    static func defaultLearningRate(_ name: String) -> Double {
        switch name {
        case "adam", "adamw": return 0.001
        case "rmsprop": return 0.01
        default: return 0.1
        }
    }
}

/// A named network with what trains it and what it has been through.
public struct NetRecord {
    public var name: String
    public let network: Network
    /// `perceptron`, `adaline` or the layer spec text.
    public var description: String
    public var loss: Loss
    public var optimizer: OptimizerChoice
    /// Made from `optimizer` at the first update; replaced when `optim` changes it.
    var optimizerInstance: (any Optimizer)?
    public var rule: LearningRule
    /// Steps and epochs taken so far.
    public var steps = 0
    public var epochs = 0
    public var history = TrainingHistory()
    /// The loss `backward` computed, logged by the `update` that follows it.
    var pendingLoss: Double?
    /// Where the next `step` starts in the data (rows), so repeated steps walk the batches.
    var nextRow = 0

    init(
        name: String, network: Network, description: String, loss: Loss, optimizer: OptimizerChoice,
        rule: LearningRule
    ) {
        self.name = name
        self.network = network
        self.description = description
        self.loss = loss
        self.optimizer = optimizer
        self.rule = rule
    }

    /// The optimizer instance, made on first use.
    mutating func optimizerForUpdate() throws -> any Optimizer {
        if let optimizerInstance { return optimizerInstance }
        let made = try OptimizerFactory.make(optimizer)
        optimizerInstance = made
        return made
    }
}

/// A named data set: the training part and, after `split=`, a validation part.
public struct DataRecord: Sendable {
    public var name: String
    public var training: Dataset
    public var validation: Dataset?
}
