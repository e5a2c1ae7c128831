/// Trains a network on samples: minibatches with seeded shuffling, an optimizer with
/// an optional schedule and clipping, per-step metrics, a non-finite guard, early
/// stopping and cancellation between steps. Its gradients come from backprop, or from a
/// classic single-unit rule (`classicRule`) for perceptron and ADALINE nets.
public final class Trainer {
    /// The network being trained.
    public let network: Network
    /// The loss minimised.
    public var loss: Loss
    /// The update rule.
    public var optimizer: any Optimizer
    /// The rate schedule, applied to `baseLearningRate`.
    public var schedule: LearningRateSchedule = .constant
    /// Whether the schedule's t counts epochs (PyTorch's usual `scheduler.step()` per
    /// epoch) rather than steps.
    public var schedulesPerEpoch = false
    /// The rate the schedule starts from (the optimizer's rate when the trainer was made).
    public var baseLearningRate: Double
    /// Global gradient-norm clipping, when set.
    public var clipNorm: Double?
    /// When set, each step's gradients are this rule's (the network is one dense unit)
    /// instead of backprop's; pair it with `ClassicUpdate` as the optimizer.
    public var classicRule: ClassicRule?
    /// How much each step measures.
    public var metricsLevel: MetricsLevel = .lossOnly
    /// Whether every step measures the global gradient norm (before clipping) into its
    /// metrics, as a full measurement or `clipNorm` does: one pass over the gradients.
    public var measuresGradientNorm = false
    /// The generator for shuffling minibatches.
    public var random: RandomSource
    /// Where the next step's batch starts: the current epoch's order and position. `run`
    /// continues it and leaves it where it stopped (nil at an epoch's end).
    public var cursor: DataCursor?
    /// Steps taken so far.
    public private(set) var stepCount = 0
    /// Epochs completed so far.
    public private(set) var epochCount = 0
    /// The loss of the latest step's forward pass, kept also when the step was refused as
    /// non-finite, so a caller can say what the loss became.
    public internal(set) var lastLoss: Double?
    /// The last measured global gradient norm (before clipping) and the step it was measured
    /// at (counted as `stepCount` will count it), kept even when the step then failed.
    public private(set) var lastGradientNorm: (step: Int, value: Double)?

    private var snapshots: [TensorBuffer] = []
    /// The teacher of a distillation run (`useDistillation`), nil on the labels alone.
    var distillationRun: DistillationRun?
    /// The rounded plans and loss scale of a mixed-precision run (`useMixedPrecision`).
    var precisionRun: MixedPrecisionRun?
    /// The parameters with a rate of their own (a parameter group) and that rate, which a
    /// schedule scales as it scales the optimizer's (`restoreLearningRates` puts them back).
    private let groupRates: [(parameter: Tensor, base: Double)]

    /// A trainer; shuffling draws from `seed`.
    public init(network: Network, loss: Loss, optimizer: any Optimizer, seed: UInt64 = 0) {
        self.network = network
        self.loss = loss
        self.optimizer = optimizer
        baseLearningRate = optimizer.learningRate
        random = RandomSource(seed: seed)
        groupRates = network.parameters.compactMap { parameter in
            parameter.learningRate.map { (parameter, $0) }
        }
    }

    /// A trainer for a perceptron or ADALINE unit: the rule's gradients, descent at `learningRate`.
    public convenience init(network: Network, rule: ClassicRule, learningRate: Double, seed: UInt64 = 0) {
        self.init(
            network: network, loss: Loss(.mse), optimizer: ClassicUpdate(learningRate: learningRate),
            seed: seed)
        classicRule = rule
    }

    /// One step on one batch: forward, loss, backward, guard, clip, update.
    ///
    /// On a non-finite loss or gradient it throws `.nonFinite` naming the layer and tensor
    /// and leaves the weights as they were before the step. An update that itself overflows
    /// (a finite gradient times a huge rate) throws `.nonFinite` too, naming the parameter;
    /// its values are then the overflowed ones, so a caller that must keep the old weights
    /// keeps a copy (the Language's statements do).
    @discardableResult
    public func step(inputs: [Double], targets: [Double], rows: Int) throws(EngineError) -> StepMetrics {
        try takeStep(inputs: inputs, targets: targets, rows: rows, explained: false).metrics
    }

    /// The same step as `step`, explained: the pass, the gradients and each parameter's
    /// update, copied out. `train` takes its steps with `step`, the `step` command with this.
    public func explainedStep(inputs: [Double], targets: [Double], rows: Int) throws(EngineError) -> StepTrace
    {
        // Always made when explained is set.
        try takeStep(inputs: inputs, targets: targets, rows: rows, explained: true).trace!
    }

    private func takeStep(inputs: [Double], targets: [Double], rows: Int, explained: Bool)
        throws(EngineError) -> (metrics: StepMetrics, trace: StepTrace?)
    {
        if let classicRule {
            return try classicStep(
                classicRule, inputs: inputs, targets: targets, rows: rows, explained: explained)
        }
        return try step(
            on: try loadedPlan(inputs: inputs, targets: targets, rows: rows), explained: explained)
    }

    /// The plan for `rows` rows, holding the batch.
    private func loadedPlan(inputs: [Double], targets: [Double], rows: Int) throws(EngineError)
        -> TrainingPlan
    {
        let plan = try trainingPlan(rows: rows)
        try plan.load(inputs: inputs)
        try plan.load(targets: targets)
        return plan
    }

    /// The step on a plan whose leaves already hold the batch: forward, backward, update.
    func step(on plan: TrainingPlan, explained: Bool = false) throws(EngineError)
        -> (metrics: StepMetrics, trace: StepTrace?)
    {
        let lossValue = try objectiveForward(plan)
        let skipsUpdate = try backward(plan)
        return try update(
            lossValue: lossValue, plan: plan, training: network.isTraining, backpropagated: true,
            explained: explained, skipsUpdate: skipsUpdate)
    }

    /// A step's backward after its forward: the gradients of the loss in place of any earlier
    /// ones. Returns whether mixed precision's loss scaler skips the update.
    private func backward(_ plan: TrainingPlan) throws(EngineError) -> Bool {
        network.zeroGradients()
        try objectiveBackward(plan)
        return finishMixedPrecisionBackward()
    }

    /// One step from several batches' gradients: each plan is loaded in turn (plans of one size
    /// are one object, so each batch is loaded just before its pass), run forward and
    /// backpropagated with its share of the rows as the seed (1 for a sum), so the gradients
    /// add up to the mean (or sum) over all the rows, as one batch of them all would give, up
    /// to the order of the additions; then one update, with the step's guards and clipping.
    /// The loss is the rows' mean (or sum) likewise.
    func accumulatedStep(plans: [(plan: TrainingPlan, load: () throws(EngineError) -> Void)])
        throws(EngineError)
        -> StepMetrics
    {
        let total = plans.reduce(0) { $0 + $1.plan.batchSize }
        network.zeroGradients()
        var lossValue = 0.0
        for (plan, load) in plans {
            try load()
            let share = loss.reduction == .sum ? 1 : Double(plan.batchSize) / Double(total)
            lossValue += share * (try objectiveForward(plan))
            try objectiveBackward(plan, share: share)
        }
        lastLoss = lossValue
        // Not empty: the run asks for at least one batch.
        return try update(
            lossValue: lossValue, plan: plans[plans.count - 1].plan, training: network.isTraining,
            backpropagated: true, explained: false, skipsUpdate: finishMixedPrecisionBackward()
        ).metrics
    }

    /// The step of a classic rule: its gradients from the unit's output, then the update.
    func classicStep(
        _ rule: ClassicRule, inputs: [Double], targets: [Double], rows: Int, explained: Bool = false
    )
        throws(EngineError) -> (metrics: StepMetrics, trace: StepTrace?)
    {
        let (lossValue, plan) = try classicPass(
            rule, inputs: inputs, targets: targets, rows: rows, gradients: true)
        return try update(
            lossValue: lossValue, plan: plan, training: false, backpropagated: false, explained: explained)
    }

    /// After the gradients: rate, guard, clip, update and measurements. `plan` is the
    /// step's forward pass; its targets are read only for backprop. With `skipsUpdate` (a
    /// dynamic loss scale's overflow) the step counts but changes no parameter.
    func update(
        lossValue: Double, plan: TrainingPlan, training: Bool, backpropagated: Bool, explained: Bool,
        skipsUpdate: Bool = false
    ) throws(EngineError) -> (metrics: StepMetrics, trace: StepTrace?) {
        // Copied before anything changes, only when the step is to be explained.
        let pass =
            explained
            ? PassTrace(plan: plan, network: network, training: training, backpropagated: backpropagated)
            : nil
        let applied = try applyUpdate(explained: explained, skipsUpdate: skipsUpdate) { () -> EngineError in
            nonFiniteError(in: plan, where: "gradient")
        }
        var metrics = StepMetrics(
            step: stepCount, epoch: epochCount, loss: lossValue, learningRate: applied.learningRate,
            accuracy: nil, gradientNorm: applied.gradientNorm, layers: [])
        if metricsLevel == .full {
            // A classic rule's forward pass loads no targets, so it has no accuracy here.
            if classicRule == nil {
                metrics.accuracy = LayerStatistics.accuracy(
                    output: loss.readsLogits && network.spec.outputWidth == 1
                        ? plan.traces.last!.preActivation : plan.output,
                    targets: plan.targets, thresholdOnLogit: loss.readsLogits && network.spec.outputWidth == 1
                )
            }
            metrics.layers = layerMetrics { plan.traces[$0].output }
        }
        guard let pass, let update = applied.trace else { return (metrics, nil) }
        return (metrics, StepTrace(pass: pass, loss: lossValue, update: update, layers: metrics.layers))
    }

    /// The update half of a step on the gradients the parameters already hold (from
    /// `explainedPass`), explained: the schedule's rate, the non-finite guard, clipping and the
    /// optimizer, as the step applies them; the `update` command's half of a step. With
    /// `metricsLevel` `.full`, each dense layer's health after it, its dead and saturated units
    /// read from `pass`, the pass the gradients came from.
    public func explainedUpdate(after pass: PassTrace?) throws(EngineError)
        -> (update: UpdateTrace, layers: [LayerMetrics])
    {
        let applied = try applyUpdate(explained: true, skipsUpdate: false) { () -> EngineError in
            nonFiniteGradientError()
        }
        let layers =
            metricsLevel == .full
            ? layerMetrics { index in
                guard let pass, index < pass.layers.count else { return nil }
                let values = pass.layers[index]
                return try? Tensor(shape: values.shape, values: values.output, dtype: .float64)
            } : []
        // Always made when explained.
        return (applied.trace!, layers)
    }

    /// What an update did: its rate, the gradient norm it measured (before clipping), and
    /// when explained the trace.
    private struct AppliedUpdate {
        var learningRate: Double
        var gradientNorm: Double?
        var trace: UpdateTrace?
    }

    /// Rate, guard, clip and optimizer: the one update every step takes. The norm is measured
    /// when something reads it; a non-finite one is refused with `nonFiniteGradient()` before
    /// any parameter changes.
    private func applyUpdate(
        explained: Bool, skipsUpdate: Bool, nonFiniteGradient: () -> EngineError
    ) throws(EngineError) -> AppliedUpdate {
        let rate = scheduleRate()
        let parameters = network.parameters
        let before = explained ? parameters.map(\.scalars) : nil
        var measuredNorm: Double?
        var clipScale: Double?
        if !skipsUpdate, metricsLevel == .full || clipNorm != nil || explained || measuresGradientNorm {
            let norm = gradientNorm(parameters)
            lastGradientNorm = (stepCount + 1, norm)
            guard norm.isFinite else { throw nonFiniteGradient() }
            if let clipNorm {
                clipGradientNorm(parameters, maxNorm: clipNorm)
                clipScale = min(1, clipNorm / (norm + 1e-6))
            }
            measuredNorm = norm
        }
        if metricsLevel == .full { takeSnapshots() }
        let steps = skipsUpdate ? nil : try applyOptimizer(before: before)
        stepCount += 1
        return AppliedUpdate(
            learningRate: rate, gradientNorm: measuredNorm,
            trace: steps.map {
                UpdateTrace(
                    gradientNorm: clipNorm == nil ? nil : measuredNorm, clipScale: clipScale,
                    learningRate: rate, parameters: $0)
            })
    }

    /// The first part of a step, explained: the step's forward pass (training mode, dropout
    /// masks drawn from the network's generator) and, when `backpropagate`, its backward,
    /// which leaves each parameter's gradient for `explainedUpdate`. A non-finite loss is
    /// refused as the step refuses it. `forward` and `backward` take a step apart with it, so
    /// `forward`, `backward`, `update` on a batch is the step on it, bit for bit.
    public func explainedPass(inputs: [Double], targets: [Double], rows: Int, backpropagate: Bool)
        throws(EngineError) -> (loss: Double, pass: PassTrace)
    {
        if let classicRule {
            let (lossValue, plan) = try classicPass(
                classicRule, inputs: inputs, targets: targets, rows: rows, gradients: backpropagate)
            return (
                lossValue, PassTrace(plan: plan, network: network, training: false, backpropagated: false)
            )
        }
        let plan = try loadedPlan(inputs: inputs, targets: targets, rows: rows)
        let lossValue = try objectiveForward(plan)
        if backpropagate { _ = try backward(plan) }
        return (
            lossValue,
            PassTrace(
                plan: plan, network: network, training: network.isTraining, backpropagated: backpropagate)
        )
    }

    /// The plan's forward pass in the network's mode (dropout masks drawn from its generator, or
    /// the `masks` given, or without `drawsMasks` the masks the plan holds), kept as its last
    /// plan; a loss that is not finite is refused before anything else runs.
    func guardedForward(_ plan: TrainingPlan, masks: [[Double]]? = nil, drawsMasks: Bool = true)
        throws(EngineError) -> Double
    {
        if let masks {
            plan.runForward(masks: masks)
        } else if !drawsMasks {
            plan.graph.forward()
        } else {
            plan.runForward(training: network.isTraining, random: &network.random)
        }
        network.recordLastPlan(plan)
        let lossValue = plan.lossNode.item
        lastLoss = lossValue
        guard lossValue.isFinite else { throw nonFiniteError(in: plan, where: "loss") }
        return lossValue
    }

    /// A classic rule's pass: the unit's output and squared error, and with `gradients` the
    /// rule's gradients in place of any earlier ones; a loss that is not finite is refused.
    private func classicPass(
        _ rule: ClassicRule, inputs: [Double], targets: [Double], rows: Int, gradients: Bool
    ) throws(EngineError) -> (loss: Double, plan: TrainingPlan) {
        let lossValue: Double
        if gradients {
            network.zeroGradients()
            lossValue = try rule.computeGradients(of: network, inputs: inputs, targets: targets, rows: rows)
        } else {
            lossValue = rule.meanSquaredError(
                netInputs: try network.predict(inputs, rows: rows), targets: targets, rows: rows)
        }
        lastLoss = lossValue
        // The rule ran the network forward, so its plan is the last one.
        guard let plan = network.lastPlan else { preconditionFailure("a classic pass ran no forward pass") }
        guard lossValue.isFinite else { throw nonFiniteError(in: plan, where: "loss") }
        return (lossValue, plan)
    }

    /// Sets the optimizer's rate to the schedule's for this step, and returns it. A parameter
    /// group's rate follows the same schedule from its own base, as a torch.optim.lr_scheduler
    /// steps every group's `lr` from its `initial_lr`.
    private func scheduleRate() -> Double {
        let t = schedulesPerEpoch ? epochCount : stepCount
        let rate = schedule.rate(base: baseLearningRate, at: t)
        optimizer.learningRate = rate
        for (parameter, base) in groupRates { parameter.learningRate = schedule.rate(base: base, at: t) }
        return rate
    }

    /// Puts the optimizer's rate and every parameter group's back where the trainer found them,
    /// after a schedule moved them.
    public func restoreLearningRates() {
        optimizer.learningRate = baseLearningRate
        for (parameter, base) in groupRates { parameter.learningRate = base }
    }

    /// Runs the optimizer and refuses an update that made a parameter non-finite (a finite
    /// gradient times a huge rate can overflow). With the values `before`, each parameter's
    /// step is returned, explained.
    private func applyOptimizer(before: [[Double]]?) throws(EngineError) -> [ParameterStep]? {
        let parameters = network.parameters
        optimizer.step(parameters)
        for parameter in parameters where parameter.isUpdatable && !parameter.storage.allFinite() {
            let layer = network.layers.first { $0.parameters.contains { $0 === parameter } }
            let gradientIsFinite = parameter.gradStorage?.allFinite() ?? true
            let layerName = layer?.name ?? ""
            throw gradientIsFinite
                ? .nonFiniteUpdate(of: parameter.name, layer: layerName, step: stepCount + 1)
                : .nonFiniteGradient(of: parameter.name, layer: layerName, step: stepCount + 1)
        }
        guard let before else { return nil }
        return zip(parameters, before).map { parameter, old in
            ParameterStep(
                name: parameter.name, shape: parameter.shape, before: old, gradient: parameter.grad,
                after: parameter.scalars, frozen: parameter.isFrozen,
                update: parameter.isUpdatable ? optimizer.explainUpdate(of: parameter) : nil)
        }
    }

    /// The loss over `samples` in evaluation mode (dropout off), without touching gradients.
    public func evaluate(_ samples: Samples) throws(EngineError) -> Double {
        if let classicRule { return try classicRule.loss(of: network, on: samples) }
        let wasTraining = network.isTraining
        defer { network.isTraining = wasTraining }
        let plan = try network.plan(batchSize: samples.count, loss: loss)
        try plan.load(inputs: samples.inputs)
        try plan.load(targets: samples.targets)
        plan.runForward(training: false, random: &network.random)
        return plan.lossNode.item
    }

    /// Copies each parameter's values so an update ratio or a best state can be read later.
    private func takeSnapshots() {
        let parameters = network.parameters
        if snapshots.count != parameters.count {
            snapshots = parameters.map { TensorBuffer(dtype: $0.dtype, count: $0.count) }
        }
        for (snapshot, parameter) in zip(snapshots, parameters) { snapshot.copy(from: parameter.storage) }
    }

    /// Every dense map's measurements, those inside attention layers and blocks included
    /// (`L2.attn`, `L2.mlp.fc`, ...); dead and saturated units for the maps that are layers of
    /// their own, from the outputs `output(i)` gives for the network's layer i.
    private func layerMetrics(output: (Int) -> Tensor?) -> [LayerMetrics] {
        var result: [LayerMetrics] = []
        let parameters = network.parameters
        for dense in network.denseMaps {
            guard let parameterIndex = parameters.firstIndex(where: { $0 === dense.weight }) else { continue }
            let layerOutput = network.layers.firstIndex { $0 === dense }.flatMap(output)
            let before = snapshots[parameterIndex]
            var change = 0.0
            for index in 0..<dense.weight.count {
                let d = dense.weight[flat: index] - before.element(index)
                change += d * d
            }
            let norm = LayerStatistics.norm(of: dense.weight)
            var metrics = LayerMetrics(
                layer: dense.name, weightNorm: norm,
                gradientNorm: LayerStatistics.gradientNorm(of: dense.weight),
                updateRatio: norm > 0 ? change.squareRoot() / norm : 0, deadShare: nil, saturatedShare: nil)
            switch (dense.activation, layerOutput) {
            case (.relu, let output?): metrics.deadShare = LayerStatistics.deadShare(output: output)
            case (.sigmoid, let output?):
                metrics.saturatedShare = LayerStatistics.saturatedShare(output: output, low: 0, high: 1)
            case (.tanh, let output?):
                metrics.saturatedShare = LayerStatistics.saturatedShare(output: output, low: -1, high: 1)
            default: break
            }
            result.append(metrics)
        }
        return result
    }

    /// Names the first layer and tensor holding a NaN or infinity.
    func nonFiniteError(in plan: TrainingPlan, where fallback: String) -> EngineError {
        for (layer, trace) in zip(network.layers, plan.traces) {
            for parameter in layer.parameters where !Self.allFinite(parameter) {
                return .nonFinite(layer: layer.name, tensor: parameter.name, step: stepCount + 1)
            }
            if !Self.allFinite(trace.preActivation) {
                return .nonFinite(layer: layer.name, tensor: "z", step: stepCount + 1)
            }
            if !Self.allFinite(trace.output) {
                return .nonFinite(layer: layer.name, tensor: "a", step: stepCount + 1)
            }
            for parameter in layer.parameters {
                if let g = parameter.grad, g.contains(where: { !$0.isFinite }) {
                    return .nonFiniteGradient(of: parameter.name, layer: layer.name, step: stepCount + 1)
                }
            }
        }
        return .nonFinite(layer: "", tensor: fallback, step: stepCount + 1)
    }

    /// Names the first parameter, layers in order, whose gradient holds a NaN or infinity.
    func nonFiniteGradientError() -> EngineError {
        for layer in network.layers {
            for parameter in layer.parameters where !(parameter.gradStorage?.allFinite() ?? true) {
                return .nonFiniteGradient(of: parameter.name, layer: layer.name, step: stepCount + 1)
            }
        }
        return .nonFinite(layer: "", tensor: "gradient", step: stepCount + 1)
    }

    private static func allFinite(_ tensor: Tensor) -> Bool {
        for index in 0..<tensor.count where !tensor[flat: index].isFinite { return false }
        return true
    }

    func noteEpochFinished() { epochCount += 1 }
}
