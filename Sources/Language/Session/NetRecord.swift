import Engine

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
