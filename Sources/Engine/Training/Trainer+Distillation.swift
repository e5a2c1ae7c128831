/// A trainer's distillation for one run: its teacher and one objective per student plan.
final class DistillationRun {
    let distillation: Distillation
    private var objectives: [ObjectIdentifier: DistillationObjective] = [:]

    init(_ distillation: Distillation) { self.distillation = distillation }

    func objective(for plan: TrainingPlan) throws(EngineError) -> DistillationObjective {
        if let objective = objectives[ObjectIdentifier(plan)] { return objective }
        let objective = try DistillationObjective(plan: plan, distillation: distillation)
        objectives[ObjectIdentifier(plan)] = objective
        return objective
    }
}

extension Trainer {
    /// Trains the network as the student of `distillation`'s teacher from now on (nil: on the
    /// labels alone). The loss must be cross-entropy, whose logits the soft term shares.
    public func useDistillation(_ distillation: Distillation?) throws(EngineError) {
        guard let distillation else {
            distillationRun = nil
            return
        }
        guard loss.kind == .crossEntropy else {
            throw .invalidOption(name: "teacher", value: 0, expected: .crossEntropyStudent)
        }
        distillationRun = DistillationRun(distillation)
    }

    /// The forward pass a training step minimises: the plan's own loss, or with a teacher the
    /// distillation loss (the teacher's pass first, in evaluation mode, then the student's with
    /// its dropout masks drawn from its generator, or without `drawsMasks` the masks the plan
    /// holds, a data-parallel worker's slice). A loss that is not finite is refused.
    func objectiveForward(_ plan: TrainingPlan, drawsMasks: Bool = true) throws(EngineError) -> Double {
        guard let distillationRun else { return try guardedForward(plan, drawsMasks: drawsMasks) }
        let objective = try distillationRun.objective(for: plan)
        objective.loadSoftTargets()
        if drawsMasks { plan.refreshMasks(training: network.isTraining, random: &network.random) }
        objective.graph.forward()
        network.recordLastPlan(plan)
        let lossValue = objective.lossNode.item
        lastLoss = lossValue
        guard lossValue.isFinite else { throw nonFiniteError(in: plan, where: "loss") }
        return lossValue
    }

    /// The backward of `objectiveForward`'s loss, seeded with `share` of the rows (1 for a
    /// whole step) times the loss scale of mixed precision.
    func objectiveBackward(_ plan: TrainingPlan, share: Double = 1) throws(EngineError) {
        let graph = try distillationRun?.objective(for: plan).graph ?? plan.graph
        let seed = share * lossScale
        if seed == 1 {
            try graph.backward()
        } else {
            try graph.backward(seed: [seed])
        }
    }
}
