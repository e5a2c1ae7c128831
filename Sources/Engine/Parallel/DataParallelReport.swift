/// What one simulated data-parallel step did: each worker's shard, loss and gradient, the ring
/// all-reduce that summed them, its traffic against a parameter server's, and the check of the
/// reduced gradient against the whole batch's.
public struct DataParallelReport: Sendable {
    /// One worker's part of the step.
    public struct Worker: Sendable, Equatable {
        /// Its rows, as positions in the batch.
        public var rows: Range<Int>
        /// Its gradient's weight in the sum: nₖ/n for a mean loss, 1 for a summed one.
        public var weight: Double
        /// The loss of its shard alone.
        public var loss: Double
        /// ‖gₖ‖₂ of its shard's own gradient, before weighting.
        public var gradientNorm: Double
        /// Gradient values it sends, and receives, in the ring all-reduce.
        public var elementsSent: Int
        public var elementsReceived: Int
    }

    public var workers: [Worker]
    /// The ring the gradients were all-reduced over, and its transfers in order.
    public var ring: RingAllReduce
    public var transfers: [RingAllReduce.Transfer]
    /// Values of the flat gradient, |θ|: every parameter's, in the network's order.
    public var gradientLength: Int
    /// Bytes of one value in the engine's dtype.
    public var bytesPerElement: Int
    /// The loss of the whole batch in one pass, and Σ wₖ·lossₖ over the workers (the step's loss).
    public var batchLoss: Double
    public var combinedLoss: Double
    /// The all-reduced gradient, and the whole batch's gradient from one backward on the same
    /// rows, weights and masks, both flat in the network's parameter order.
    public var reducedGradient: [Double]
    public var batchGradient: [Double]
    /// The step as the trainer measured it (its gradient norm is the reduced gradient's,
    /// before clipping).
    public var metrics: StepMetrics
    /// The factor clipping scaled the reduced gradient by, when `clip=` was set.
    public var clipScale: Double?

    /// max |reduced − batch| over the gradient's values.
    public var maximumAbsoluteDifference: Double {
        zip(reducedGradient, batchGradient).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// max |reduced − batch| / max |batch|: the difference relative to the gradient's scale (an
    /// element-by-element ratio would blow up where a sum cancels to nearly 0).
    public var maximumRelativeDifference: Double {
        let scale = batchGradient.reduce(0) { max($0, abs($1)) }
        let difference = maximumAbsoluteDifference
        if difference == 0 { return 0 }
        return scale > 0 ? difference / scale : .infinity
    }

    /// Whether the reduced gradient equals the whole batch's to the last bit.
    public var isBitIdentical: Bool { reducedGradient == batchGradient }

    /// Bytes each worker sends per step in the ring: 2(N−1)/N·|θ|·b (exactly, the chunks it sends).
    public func ringBytesSent(by worker: Int) -> Int { workers[worker].elementsSent * bytesPerElement }

    /// Bytes each worker sends to a parameter server per step, and receives back: |θ|·b each way.
    public var parameterServerBytesPerWorker: Int { gradientLength * bytesPerElement }
}
