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
    /// The dropout generator as it was before `forward` drew its masks, so the `backward` that
    /// follows runs the very same pass (same masks, same loss) instead of drawing new ones.
    var forwardRandom: RandomSource?
    /// Where `train` and `step` take their next batch, and the data set it walks; one cursor
    /// per net, so steps continue across statements. A step on another data set starts a new one.
    private var cursor: (data: String, place: DataCursor)?
    /// The net measured after `train patience=` put back its best epoch's weights, which the
    /// history's last row (the last epoch) no longer describes; cleared by the next logged step.
    var restored: TrainingHistory.Record?
    /// The last pass `forward`, `backward`, `step` or `train` ran, copied out: what
    /// `show activations`, `NET.L1.a` and `NET.L1.delta` read.
    var lastPass: PassTrace?

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

    /// The cursor into `data`: the kept one if it walks that data set, else none (a new epoch).
    func cursor(on data: String) -> DataCursor? {
        cursor?.data == data ? cursor?.place : nil
    }

    /// Keeps `cursor` as the place reached in `data`.
    mutating func keep(_ cursor: DataCursor?, on data: String) {
        self.cursor = cursor.map { (data, $0) }
    }

    /// The optimizer instance, made on first use.
    mutating func optimizerForUpdate() throws -> any Optimizer {
        if let optimizerInstance { return optimizerInstance }
        let made = optimizer.makeOptimizer()
        optimizerInstance = made
        return made
    }
}
