/// A run's data-parallel state, made once before its first step so a step allocates nothing:
/// one flat Float64 gradient buffer per worker (N·|θ| values in one block), the whole batch's
/// gradient for the checks, the step's batches, and the counts the summary reports.
final class DataParallelRun {
    let workers: Int
    let ring: RingAllReduce
    let checksEveryStep: Bool
    /// Whether the network draws dropout masks, which the workers slice from the whole batch's.
    let masked: Bool
    /// |θ|.
    let length: Int
    /// Worker k's weighted gradient at k·|θ|; after the reduction worker 0's holds the sum.
    private let buffers: UnsafeMutablePointer<Double>
    /// The whole batch's gradient on a checked step.
    private let batchGradient: UnsafeMutablePointer<Double>
    /// The batches of the current step (one, or `accum` of them), kept to reuse its storage.
    var batches: [ArraySlice<Int>] = []
    /// Each worker's rows and loss in the current step.
    var rows: [Int]
    var losses: [Double]
    private(set) var summary: DataParallelSummary
    /// Each worker's losses added over the steps where it had rows, and those steps.
    private var lossTotals: [Double]
    private var lossSteps: [Int]

    init(_ options: DataParallelTraining, network: Network, batchSize: Int, accumulation: Int) {
        workers = options.workers
        checksEveryStep = options.checksEveryStep
        masked = network.hasModeDependentLayers
        length = network.parameters.reduce(0) { $0 + $1.count }
        ring = RingAllReduce(workers: workers, length: length, dtype: network.dtype)
        buffers = .allocate(capacity: max(1, workers * length))
        buffers.initialize(repeating: 0, count: max(1, workers * length))
        batchGradient = .allocate(capacity: max(1, length))
        batchGradient.initialize(repeating: 0, count: max(1, length))
        batches.reserveCapacity(accumulation)
        let workers = workers
        // The ring's transfers, listed once: 2(N−1)·N of them.
        var sent = Array(repeating: 0, count: workers)
        for transfer in ring.schedule { sent[transfer.sender] += transfer.elements }
        rows = Array(repeating: 0, count: workers)
        losses = Array(repeating: 0, count: workers)
        lossTotals = Array(repeating: 0, count: workers)
        lossSteps = Array(repeating: 0, count: workers)
        summary = DataParallelSummary(
            workers: workers, gradientLength: length, bytesPerElement: network.dtype.byteCount, steps: 0,
            shardRows: (0..<workers).map {
                Self.shard(batchSize, worker: $0, of: workers).count * accumulation
            },
            lastLosses: Array(repeating: nil, count: workers),
            meanLosses: Array(repeating: nil, count: workers),
            unevenSteps: 0, idleWorkerSteps: 0,
            elementsSentPerStep: sent, checks: 0,
            maximumAbsoluteDifference: 0, maximumRelativeDifference: 0, worstCheckStep: nil,
            bitIdentical: true)
    }

    deinit {
        buffers.deallocate()
        batchGradient.deallocate()
    }

    /// Worker `worker`'s rows of a batch of `rows`, as `BatchShards` cuts it (the larger shards
    /// first); empty when there are fewer rows than workers.
    static func shard(_ rows: Int, worker: Int, of workers: Int) -> Range<Int> {
        let base = rows / workers
        let larger = rows % workers
        let start = worker * base + min(worker, larger)
        return start..<(start + base + (worker < larger ? 1 : 0))
    }

    /// Copies the parameters' gradients into worker `worker`'s buffer, each times `weight` and
    /// rounded to the engine's dtype (zeros for a worker without rows).
    func store(_ parameters: [Tensor], worker: Int, weight: Double) {
        let target = buffers + worker * length
        guard weight > 0 else {
            target.update(repeating: 0, count: length)
            return
        }
        Self.flatten(parameters, into: target, weight: weight, rounding: ring.dtype == .float32)
    }

    /// Sums the workers' buffers chunk by chunk in the ring's fixed order: chunk c from worker c
    /// round the ring, g_c, then g_{c+1} + that, ..., each addition rounded to the dtype. It is
    /// `RingAllReduce.run`'s arithmetic, in place and without the transfers' arrays: chunk c is
    /// summed into worker c's own copy (whose values are the first term), then copied to worker 0's.
    func reduce() {
        let n = workers
        guard n > 1 else { return }
        let float32 = ring.dtype == .float32
        for (chunk, range) in ring.chunks.enumerated() where !range.isEmpty {
            let sum = buffers + chunk * length + range.lowerBound
            for offset in 1..<n {
                let term = buffers + ((chunk + offset) % n) * length + range.lowerBound
                if float32 {
                    for index in 0..<range.count { sum[index] = Double(Float(term[index] + sum[index])) }
                } else {
                    for index in 0..<range.count { sum[index] = term[index] + sum[index] }
                }
            }
            if chunk != 0 { (buffers + range.lowerBound).update(from: sum, count: range.count) }
        }
    }

    /// Writes the reduced gradient into the parameters' gradients.
    func install(into parameters: [Tensor]) { Self.install(buffers, into: parameters) }

    /// Writes a flat gradient (the network's parameters in order, as `flatten` lays them out)
    /// into the parameters' gradients; a frozen parameter's share is zeros, and it keeps none.
    static func install(_ gradient: UnsafePointer<Double>, into parameters: [Tensor]) {
        var offset = 0
        for parameter in parameters {
            defer { offset += parameter.count }
            guard !parameter.isFrozen else { continue }
            let storage = parameter.ensureGrad()
            switch storage.dtype {
            case .float32:
                let values = storage.pointer(Float.self)
                for index in 0..<parameter.count { values[index] = Float(gradient[offset + index]) }
            case .float64:
                let values = storage.pointer(Double.self)
                for index in 0..<parameter.count { values[index] = gradient[offset + index] }
            }
        }
    }

    /// Compares the reduced gradient with the whole batch's (the parameters' gradients now),
    /// and keeps the largest differences.
    func check(against parameters: [Tensor], step: Int) {
        Self.flatten(parameters, into: batchGradient, weight: 1, rounding: false)
        var difference = 0.0
        var scale = 0.0
        var identical = true
        for index in 0..<length {
            let reduced = buffers[index]
            let whole = batchGradient[index]
            if reduced != whole { identical = false }
            difference = max(difference, abs(reduced - whole))
            scale = max(scale, abs(whole))
        }
        let relative = difference == 0 ? 0 : (scale > 0 ? difference / scale : .infinity)
        summary.checks += 1
        summary.bitIdentical = summary.bitIdentical && identical
        summary.maximumAbsoluteDifference = max(summary.maximumAbsoluteDifference, difference)
        if relative > summary.maximumRelativeDifference || summary.worstCheckStep == nil {
            summary.worstCheckStep = step
            summary.maximumRelativeDifference = relative
        }
    }

    /// Counts the step: each worker's rows and loss (kept in `rows` and `losses` by the step).
    func noteStep() {
        summary.steps += 1
        var smallest = Int.max
        var largest = 0
        for worker in 0..<workers {
            smallest = min(smallest, rows[worker])
            largest = max(largest, rows[worker])
            if rows[worker] > 0 {
                summary.lastLosses[worker] = losses[worker]
                lossTotals[worker] += losses[worker]
                lossSteps[worker] += 1
                summary.meanLosses[worker] = lossTotals[worker] / Double(lossSteps[worker])
            } else {
                summary.lastLosses[worker] = nil
            }
        }
        if smallest != largest { summary.unevenSteps += 1 }
        if smallest == 0 { summary.idleWorkerSteps += 1 }
    }

    /// Every parameter's gradient, flat in the network's order, times `weight` (rounded to
    /// Float32 when `rounding`), zeros where none flowed.
    private static func flatten(
        _ parameters: [Tensor], into target: UnsafeMutablePointer<Double>, weight: Double, rounding: Bool
    ) {
        var offset = 0
        for parameter in parameters {
            let count = parameter.count
            defer { offset += count }
            guard let storage = parameter.gradStorage else {
                (target + offset).update(repeating: 0, count: count)
                continue
            }
            switch storage.dtype {
            case .float32:
                let values = storage.pointer(Float.self)
                for index in 0..<count {
                    let value = weight * Double(values[index])
                    target[offset + index] = rounding ? Double(Float(value)) : value
                }
            case .float64:
                let values = storage.pointer(Double.self)
                for index in 0..<count { target[offset + index] = weight * values[index] }
            }
        }
    }
}
