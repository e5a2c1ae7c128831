extension Trainer {
    /// One step of a data-parallel run on the batches in `run.batches` (one, or `accum` of them):
    /// each worker takes its contiguous shard of every batch (`DataParallelRun.shard`), runs
    /// forward and backward on it with the same weights, and adds its batches' gradients (each
    /// seeded with its share of the worker's rows, so the worker holds its own mean gradient, as a
    /// DDP worker accumulating under `no_sync`); the weighted gradients, wₖ = nₖ/n, are summed by
    /// the ring's fixed order (`DataParallelRun.reduce`); then one update through `update`: the
    /// non-finite guard, clipping of the reduced gradient, the optimizer.
    ///
    /// Dropout masks are the whole batch's, drawn from the network's generator as a plain step
    /// draws them, and sliced: each worker replays the draws from the step's starting state into
    /// the whole batch's plan and copies its rows' masks, so nothing is stored between workers and
    /// the generator ends where a plain step leaves it. A teacher (distillation) runs on each shard.
    /// In mixed precision each worker rounds and unscales its own gradient (its backward seeded
    /// with the loss scale) before the all-reduce, and the step is skipped for all when any
    /// worker's overflowed, as GradScaler's all-reduced found-inf flag decides.
    ///
    /// With `check`, the whole batch is also run forward and backward as the plain step would run
    /// it, and its gradient compared with the reduced one; its pass is then the step's last plan,
    /// so a full measurement (accuracy, layers) is the whole batch's. One worker is the plain step
    /// bit for bit.
    func dataParallelRunStep(on data: Samples, run: DataParallelRun, check: Bool) throws(EngineError)
        -> StepMetrics
    {
        let batches = run.batches
        let n = run.workers
        var total = 0
        for batch in batches { total += batch.count }
        let mean = loss.reduction == .mean
        let parameters = network.parameters
        let training = network.isTraining
        let masked = run.masked
        let start = network.random
        var end = start
        // One worker's gradient is the reduced one (its weight is 1): left where the backward put
        // it, unless a check needs it kept while the whole batch's is computed.
        let inPlace = n == 1 && !check
        var lastPlan: TrainingPlan?
        var combinedLoss = 0.0
        // In mixed precision each worker rounds and unscales its own gradient before the
        // all-reduce, and one loss scaler answers for all: an infinity anywhere skips the step.
        beginMixedPrecisionStep()
        var finite = true
        for worker in 0..<n {
            var rows = 0
            for batch in batches { rows += DataParallelRun.shard(batch.count, worker: worker, of: n).count }
            run.rows[worker] = rows
            network.zeroGradients()
            var replay = start
            var workerLoss = 0.0
            for batch in batches {
                let shard = DataParallelRun.shard(batch.count, worker: worker, of: n)
                let batchPlan = masked ? try trainingPlan(rows: batch.count) : nil
                batchPlan?.refreshMasks(training: training, random: &replay)
                guard !shard.isEmpty else { continue }
                let plan = try trainingPlan(rows: shard.count)
                if let batchPlan, batchPlan !== plan { plan.copyMasks(from: batchPlan, rows: shard) }
                let first = batch.startIndex + shard.lowerBound
                try load(data, rows: batch[first..<(first + shard.count)], into: plan)
                let share = mean ? Double(shard.count) / Double(rows) : 1
                workerLoss += share * (try objectiveForward(plan, drawsMasks: false))
                try objectiveBackward(plan, share: share)
                lastPlan = plan
            }
            end = replay
            if rows > 0 { finite = roundMixedPrecisionGradients() && finite }
            let weight = mean ? Double(rows) / Double(total) : (rows > 0 ? 1 : 0)
            if !inPlace { run.store(parameters, worker: worker, weight: weight) }
            run.losses[worker] = workerLoss
            combinedLoss += weight * workerLoss
        }
        run.reduce()
        let skipsUpdate = endMixedPrecisionStep(finite: finite)
        // An overflowed step's gradients are not compared: they are not finite.
        if check && finite {
            network.zeroGradients()
            network.random = start
            for batch in batches {
                let plan = try trainingPlan(rows: batch.count)
                try load(data, rows: batch, into: plan)
                let share = mean && batches.count > 1 ? Double(batch.count) / Double(total) : 1
                _ = try objectiveForward(plan)
                try objectiveBackward(plan, share: share)
                lastPlan = plan
            }
            // The whole batch's gradient as a plain mixed-precision step leaves it, uncounted.
            _ = roundMixedPrecisionGradients(counting: false)
            precisionRun?.discardDeltaCounts()
            run.check(against: parameters, step: stepCount + 1)
        }
        network.random = end
        if !inPlace { run.install(into: parameters) }
        run.noteStep()
        lastLoss = combinedLoss
        // Not nil: the run asks for at least one batch and a worker has a row.
        return try update(
            lossValue: combinedLoss, plan: lastPlan!, training: training, backpropagated: true,
            explained: false, skipsUpdate: skipsUpdate
        ).metrics
    }
}
