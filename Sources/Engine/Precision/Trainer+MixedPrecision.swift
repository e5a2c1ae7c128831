/// A trainer's mixed-precision state for one run: the rounded plans (one per batch size,
/// built on first use), the loss scaler and the counts of the report.
final class MixedPrecisionRun {
    let precision: MixedPrecision
    var report: MixedPrecisionReport
    /// For each of the network's parameters, the index of its layer in `report.layers`.
    let layerOfParameter: [Int]
    private var plans: [Int: TrainingPlan] = [:]
    /// The rounding counts of every plan's gradients arriving at a layer's output (and at the
    /// logits), with the index of the layer in `report.layers`.
    private var deltaCounts: [(layer: Int, counts: RoundingCounts)] = []
    private let layerIndex: [ObjectIdentifier: Int]

    init(_ precision: MixedPrecision, network: Network) {
        self.precision = precision
        var layers: [MixedPrecisionReport.LayerCounts] = []
        var layerOfParameter: [Int] = []
        for layer in network.layers where !layer.parameters.isEmpty {
            layers.append(.init(layer: layer.name, entries: layer.parameters.reduce(0) { $0 + $1.count }))
            layerOfParameter += Array(repeating: layers.count - 1, count: layer.parameters.count)
        }
        self.layerOfParameter = layerOfParameter
        var layerIndex: [ObjectIdentifier: Int] = [:]
        for layer in network.layers where !layer.parameters.isEmpty {
            layerIndex[ObjectIdentifier(layer)] = layerIndex.count
        }
        self.layerIndex = layerIndex
        report = MixedPrecisionReport(
            precision: precision, layers: layers, scaler: LossScaler(precision.scaling))
    }

    func plan(for network: Network, rows: Int, loss: Loss) throws(EngineError) -> TrainingPlan {
        guard rows > 0 else { throw .dataMismatch(what: "rows", expected: 1, got: rows) }
        if let plan = plans[rows] { return plan }
        let plan = try TrainingPlan(
            network: network, batchSize: rows, loss: loss, precision: precision.format)
        plans[rows] = plan
        // Each layer's rounding nodes are those that read its output or its z.
        var layerOfNode: [ObjectIdentifier: Int] = [:]
        for (layer, trace) in zip(network.layers, plan.traces) {
            guard let index = layerIndex[ObjectIdentifier(layer)] else { continue }
            layerOfNode[ObjectIdentifier(trace.output)] = index
            layerOfNode[ObjectIdentifier(trace.preActivation)] = index
        }
        for node in plan.graph.order {
            guard let rounding = node.operation as? RoundingOperation, let input = node.inputs.first,
                let layer = layerOfNode[ObjectIdentifier(input)]
            else { continue }
            deltaCounts.append((layer, rounding.counts))
        }
        return plan
    }

    /// Moves the rounding nodes' counts of the step into the report.
    func takeDeltaCounts() {
        for (layer, counts) in deltaCounts {
            let (flushed, overflowed) = counts.take()
            report.layers[layer].deltaFlushedLastStep += flushed
            report.layers[layer].deltaFlushedTotal += flushed
            report.layers[layer].overflowedTotal += overflowed
        }
    }

    /// Empties the rounding nodes' counts without reporting them (a check's extra pass).
    func discardDeltaCounts() {
        for (_, counts) in deltaCounts { _ = counts.take() }
    }
}

extension Trainer {
    /// Trains in simulated mixed precision from now on (nil: in the net's dtype alone), with a
    /// new report, and the loss scaler `continuing` left (an earlier run's, so the dynamic scale
    /// goes on from where it got to) when it scales the same way, else a new one. Classic rules
    /// have no backward to round.
    public func useMixedPrecision(_ precision: MixedPrecision?, continuing scaler: LossScaler? = nil) {
        precisionRun = precision.map { MixedPrecisionRun($0, network: network) }
        if let scaler, let precisionRun, scaler.scaling == precisionRun.precision.scaling {
            precisionRun.report.scaler = scaler.continued()
        }
    }

    /// What the mixed-precision steps did so far, or nil when the trainer does not use it.
    public var mixedPrecisionReport: MixedPrecisionReport? { precisionRun?.report }

    /// The plan a step on `rows` rows runs: the network's own, or in mixed precision the rounded one.
    func trainingPlan(rows: Int) throws(EngineError) -> TrainingPlan {
        guard let precisionRun else { return try network.plan(batchSize: rows, loss: loss) }
        return try precisionRun.plan(for: network, rows: rows, loss: loss)
    }

    /// The scale the backward is seeded with (1 outside mixed precision).
    var lossScale: Double { precisionRun?.report.scaler.scale ?? 1 }

    /// After a mixed-precision backward seeded with the loss scale: rounds each parameter's
    /// (scaled) gradient to the format, counting entries flushed to zero or made infinite,
    /// divides it by the scale (times 1/scale, as GradScaler unscales), and returns whether the
    /// step's update is to be skipped (the dynamic scaler's answer to an infinity or NaN).
    /// Outside mixed precision it does nothing and returns false.
    func finishMixedPrecisionBackward() -> Bool {
        guard precisionRun != nil else { return false }
        beginMixedPrecisionStep()
        return endMixedPrecisionStep(finite: roundMixedPrecisionGradients())
    }

    /// Clears the counts of the last step, before a step's first rounding.
    func beginMixedPrecisionStep() {
        guard let run = precisionRun else { return }
        for index in run.report.layers.indices {
            run.report.layers[index].flushedLastStep = 0
            run.report.layers[index].deltaFlushedLastStep = 0
        }
    }

    /// Rounds and unscales the parameters' (scaled) gradients, as `finishMixedPrecisionBackward`
    /// does, counting what is flushed into the report unless `counting` is off (a check's pass);
    /// returns whether every rounded value is finite. A data-parallel worker calls it on its own
    /// gradient before the all-reduce, as DDP's fp16 compression hook rounds what it sends.
    func roundMixedPrecisionGradients(counting: Bool = true) -> Bool {
        guard let run = precisionRun else { return true }
        let format = run.precision.format
        let inverse = 1 / run.report.scaler.scale
        var finite = true
        for (index, parameter) in network.parameters.enumerated() {
            guard let gradient = parameter.gradStorage else { continue }
            let counts: (flushed: Int, overflowed: Int, finite: Bool)
            switch gradient.dtype {
            case .float32:
                counts = Self.roundAndUnscale(gradient.pointer(Float.self), gradient.count, format, inverse)
            case .float64:
                counts = Self.roundAndUnscale(gradient.pointer(Double.self), gradient.count, format, inverse)
            }
            if counting {
                let layer = run.layerOfParameter[index]
                run.report.layers[layer].flushedLastStep += counts.flushed
                run.report.layers[layer].flushedTotal += counts.flushed
                run.report.layers[layer].overflowedTotal += counts.overflowed
            }
            finite = finite && counts.finite
        }
        return finite
    }

    /// Ends a mixed-precision step: the rounding nodes' counts into the report, the step counted,
    /// and the loss scaler's answer to `finite` (true: skip the update).
    func endMixedPrecisionStep(finite: Bool) -> Bool {
        guard let run = precisionRun else { return false }
        run.takeDeltaCounts()
        run.report.steps += 1
        return run.report.scaler.record(finite: finite)
    }

    private static func roundAndUnscale<S: EngineScalar>(
        _ values: UnsafeMutablePointer<S>, _ count: Int, _ format: ReducedPrecision, _ inverse: Double
    ) -> (flushed: Int, overflowed: Int, finite: Bool) {
        let factor = S(inverse)
        var flushed = 0
        var overflowed = 0
        var finite = true
        for i in 0..<count {
            let before = values[i]
            let rounded = S(format.round(Float(before)))
            if rounded == 0 && before != 0 { flushed += 1 }
            if rounded.isInfinite && before.isFinite { overflowed += 1 }
            if !rounded.isFinite { finite = false }
            values[i] = rounded * factor
        }
        return (flushed, overflowed, finite)
    }
}
