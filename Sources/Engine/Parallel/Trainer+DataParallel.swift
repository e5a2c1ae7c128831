extension Trainer {
    /// One training step simulated as N data-parallel workers take it, on one batch: the batch is
    /// cut into contiguous shards (`BatchShards`), every worker runs the engine's forward and
    /// backward on its shard with the same weights, the weighted gradients are summed by a ring
    /// all-reduce (`RingAllReduce`), and one update is applied to the sum through the trainer's own
    /// path: the non-finite guard, then clipping (`clipNorm`) of the reduced gradient, then the
    /// optimizer. The report also holds the whole batch's gradient from one backward on the same
    /// rows, for the check.
    ///
    /// What keeps it exact:
    /// - Uneven shards: each shard's mean gradient is weighted by nₖ/n (`BatchShards`), so the
    ///   sum is the whole batch's mean gradient, where DDP's plain average of equal-weighted
    ///   workers would not be.
    /// - Dropout: the masks are drawn once for the whole batch, from the network's generator and
    ///   in the order one step of the whole batch draws them, and each worker takes its own rows'
    ///   slice. Every worker so has a mask of its own, every row the mask it would have in one
    ///   big step, and the generator ends where `step` would leave it. (Real DDP workers draw from
    ///   their own generators, so their masks differ from a single process's.)
    /// - Clipping: done once, on the reduced gradient, as DDP users call `clip_grad_norm_` after
    ///   `backward()` has all-reduced. Clipping each worker's gradient before the reduction would
    ///   bound the wrong norm and change the sum, so it is not done.
    ///
    /// The reduced gradient still differs from the whole batch's in the last bits, for
    /// N > 1: floating-point addition is not associative, and the whole batch sums each weight's
    /// row contributions in one chain (the product's summed index, rows 0 to n−1) scaled by 1/n,
    /// where the workers sum their own rows' chains scaled by 1/nₖ, weight them by nₖ/n, and the
    /// ring adds those partial sums starting at a different worker for each chunk. Reassociated
    /// sums round differently; the report gives the largest difference. With one worker the order
    /// is the whole batch's and the gradient, loss and update are `step`'s, bit for bit.
    ///
    /// Every parameter's gradient is reduced, frozen ones included (their gradient counts in the
    /// clipping norm, as in `step`; the optimizer leaves them as they are). Throws as `step` does.
    public func dataParallelStep(inputs: [Double], targets: [Double], rows: Int, workers: Int)
        throws(EngineError) -> DataParallelReport
    {
        guard classicRule == nil else {
            throw .invalidOption(
                name: "workers", value: Double(workers), expected: .backpropagatedNet)
        }
        let shards = try BatchShards(rows: rows, workers: workers)
        guard inputs.count % rows == 0, targets.count % rows == 0 else {
            throw .dataMismatch(what: "rows", expected: rows, got: inputs.count)
        }
        let inputWidth = inputs.count / rows
        let targetWidth = targets.count / rows
        let batchPlan = try network.plan(batchSize: rows, loss: loss)
        try batchPlan.load(inputs: inputs)
        try batchPlan.load(targets: targets)
        // The whole batch's masks, drawn as its one step would draw them.
        let masks = batchPlan.drawMasks(training: network.isTraining, random: &network.random)
        let weights = shards.weights(for: loss.reduction)
        let parameters = network.parameters
        let length = parameters.reduce(0) { $0 + $1.count }
        let ring = RingAllReduce(workers: workers, length: length, dtype: network.dtype)

        var buffers: [[Double]] = []
        var reports: [DataParallelReport.Worker] = []
        var combinedLoss = 0.0
        for (worker, shard) in shards.ranges.enumerated() {
            let plan = try network.plan(batchSize: shard.count, loss: loss)
            try plan.load(
                inputs: Array(inputs[(shard.lowerBound * inputWidth)..<(shard.upperBound * inputWidth)]))
            try plan.load(
                targets: Array(targets[(shard.lowerBound * targetWidth)..<(shard.upperBound * targetWidth)]))
            network.zeroGradients()
            let shardLoss = try guardedForward(plan, masks: plan.sliceMasks(masks, rows: shard, of: rows))
            try plan.graph.backward()
            let gradient = Self.flatGradient(parameters)
            let weight = weights[worker]
            buffers.append(gradient.map { ring.rounded(weight * $0) })
            combinedLoss += weight * shardLoss
            reports.append(
                DataParallelReport.Worker(
                    rows: shard, weight: weight, loss: shardLoss,
                    gradientNorm: gradient.reduce(0) { $0 + $1 * $1 }.squareRoot(),
                    elementsSent: ring.elementsSent(by: worker),
                    elementsReceived: ring.elementsReceived(by: worker)))
        }
        let transfers = ring.run(&buffers)
        let reduced = buffers[0]

        // The check: the whole batch in one pass, the same masks, its own gradient.
        network.zeroGradients()
        let batchLoss = try guardedForward(batchPlan, masks: masks)
        try batchPlan.graph.backward()
        let batchGradient = Self.flatGradient(parameters)

        // The reduced gradient takes the place of the whole batch's, and the step goes on as `step`.
        reduced.withUnsafeBufferPointer { DataParallelRun.install($0.baseAddress!, into: parameters) }
        let (metrics, _) = try update(
            lossValue: combinedLoss, plan: batchPlan, training: network.isTraining, backpropagated: true,
            explained: false)
        let clipScale = clipNorm.flatMap { maxNorm in
            metrics.gradientNorm.map { min(1, maxNorm / ($0 + 1e-6)) }
        }
        return DataParallelReport(
            workers: reports, ring: ring, transfers: transfers, gradientLength: length,
            bytesPerElement: network.dtype.byteCount, batchLoss: batchLoss, combinedLoss: combinedLoss,
            reducedGradient: reduced, batchGradient: batchGradient, metrics: metrics, clipScale: clipScale)
    }

    /// Every parameter's gradient, flat, in the network's order (zeros where none flowed).
    static func flatGradient(_ parameters: [Tensor]) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(parameters.reduce(0) { $0 + $1.count })
        for parameter in parameters {
            if let storage = parameter.gradStorage {
                for index in 0..<parameter.count { values.append(storage.element(index)) }
            } else {
                values += repeatElement(0, count: parameter.count)
            }
        }
        return values
    }
}
