import Engine

/// A named network with what trains it and what it has been through.
public struct NetRecord {
    public var name: String
    /// Replaced whole only by `replaceNetwork` (adapters added or merged).
    public private(set) var network: Network
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
    /// The global gradient norm (before any clipping) of every step `train` and `step` took:
    /// what `plot gradnorm` draws, a point a step where the history has a row a log.
    public var stepGradientNorms = StepSeries()
    /// The step `forward` and `backward` began and the `update` that follows finishes.
    var pendingStep: PendingStep?
    /// Where `train` and `step` take their next batch, and the data set it walks; one cursor
    /// per net, so steps continue across statements. A step on another data set starts a new one.
    private var cursor: (data: String, place: DataCursor)?
    /// The net measured after `train patience=` put back its best epoch's weights, which the
    /// history's last row (the last epoch) no longer describes; cleared by the next logged step.
    var restored: TrainingHistory.Record?
    /// The last pass `forward`, `backward`, `step` or `train` ran, copied out: what
    /// `show activations`, `NET.L1.a` and `NET.L1.delta` read.
    var lastPass: PassTrace?
    /// The loss scaler the net's last mixed-precision `train` left, which the next one with the
    /// same scaling continues (a GradScaler lives as long as its training loop, not one call).
    var lossScaler: LossScaler?
    /// The weights the net started from, the α = 0 end of `plot landscape`: as they were before
    /// its first update (after any `set`), or as a `load` left them. One Float64 copy of every
    /// parameter (8 bytes each, taken only once a net trains or loads), which `memory` counts.
    var start: StartingWeights?

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

    /// Counts a step: the step, the epoch it ends, and its global gradient norm (before any
    /// clipping, when it was measured) for `plot gradnorm`. A step `forward` and `backward`
    /// began is over with it, whichever command took it.
    mutating func countStep(endsEpoch: Bool, gradientNorm: Double?) {
        steps += 1
        if endsEpoch { epochs += 1 }
        if let gradientNorm { stepGradientNorms.append(step: steps, value: gradientNorm) }
        pendingStep = nil
    }

    /// Before a net's first update, its weights (after any `set`) become its start, the α = 0
    /// end of `plot landscape`; later calls keep the start that was taken.
    mutating func keepStartBeforeFirstStep() {
        guard steps == 0 else { return }
        start = StartingWeights(step: 0, source: "before its first step", weights: network.snapshot())
    }

    /// The starting weights, or the net's own when it has taken no step yet.
    var startingWeights: StartingWeights? {
        start
            ?? (steps == 0
                ? StartingWeights(step: 0, source: "not trained yet", weights: network.snapshot()) : nil)
    }

    /// Puts `network` (the same net with adapters added or merged) in place of the net: the
    /// name, loss, optimizer choice, counts, history and data cursor stay; the optimizer's state
    /// goes (it belonged to the old tensors), and so does the kept pass; the new weights become
    /// the start of `plot landscape`, taken `source`.
    mutating func replaceNetwork(_ network: Network, source: String) {
        self.network = network
        optimizerInstance = nil
        lossScaler = nil
        lastPass = nil
        pendingStep = nil
        start = StartingWeights(step: steps, source: source, weights: network.snapshot())
    }

    /// The optimizer instance, made on first use.
    mutating func optimizerForUpdate() throws -> any Optimizer {
        if let optimizerInstance { return optimizerInstance }
        let made = optimizer.makeOptimizer()
        optimizerInstance = made
        return made
    }
}

/// The weights a net started from, and when: the α = 0 end of a loss-landscape line.
struct StartingWeights {
    /// The net's step count when they were taken.
    var step: Int
    /// How the net came by them: "made", "before its first step", "loaded".
    var source: String
    /// One array per parameter, in the network's order.
    var weights: [[Double]]

    /// Bytes the copy holds.
    var byteCount: Int { weights.reduce(0) { $0 + $1.count } * MemoryLayout<Double>.stride }
}

extension NetRecord {
    /// An independent copy to experiment on (`lrfind`, `plot landscape`): the same weights,
    /// frozen flags, layer rates, mode and dropout generator in a network of its own, the same
    /// loss, optimizer choice (its instance made afresh, without state), rule and counts. Nothing
    /// done to the copy reaches this net.
    func probe() -> NetRecord {
        let network = self.network.converted(to: self.network.dtype)
        network.isTraining = self.network.isTraining
        var copy = NetRecord(
            name: name, network: network, description: description, loss: loss, optimizer: optimizer,
            rule: rule)
        copy.steps = steps
        copy.epochs = epochs
        return copy
    }
}
