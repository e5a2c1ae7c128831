/// Mixed-precision training, simulated: which 16-bit format the pass rounds to and how the
/// loss is scaled. What is rounded: the input features, each layer's output and the logits the
/// loss reads (their values forward, the gradients arriving at them backward, through
/// `RoundingOperation`), and each parameter's gradient after the backward. The weights
/// themselves stay in the net's dtype (the master weights), and so does the update.
public struct MixedPrecision: Sendable, Equatable {
    /// The 16-bit format.
    public var format: ReducedPrecision
    /// The loss scaling.
    public var scaling: LossScaling

    public init(format: ReducedPrecision, scaling: LossScaling) {
        self.format = format
        self.scaling = scaling
    }
}

/// What a mixed-precision run did to the gradients: per layer with parameters, how many
/// entries the rounding flushed to zero (nonzero before, zero after) in the gradient arriving
/// at the layer's output (its delta) and in its parameters' gradients, how many it made
/// infinite, and the loss scale's state. A delta flushed to zero gives parameter gradients that
/// are zero before their own rounding, so the two counts tell where the underflow began.
public struct MixedPrecisionReport: Sendable, Equatable {
    /// One layer's counts.
    public struct LayerCounts: Sendable, Equatable {
        /// The layer ("L1").
        public let layer: String
        /// Gradient entries of its parameters.
        public let entries: Int
        /// Parameter-gradient entries flushed to zero by the last step's rounding.
        public var flushedLastStep = 0
        /// Parameter-gradient entries flushed to zero over the run's steps.
        public var flushedTotal = 0
        /// Entries of the gradient arriving at the layer's output (and at the logits, for the
        /// last layer) flushed to zero in the last step's backward.
        public var deltaFlushedLastStep = 0
        /// The same over the run's steps.
        public var deltaFlushedTotal = 0
        /// Delta and parameter-gradient entries that overflowed to an infinity over the run's steps.
        public var overflowedTotal = 0
    }

    /// The settings the run used.
    public let precision: MixedPrecision
    /// The layers with parameters, in order.
    public var layers: [LayerCounts]
    /// The loss scale now, with its counts of good and skipped steps.
    public var scaler: LossScaler
    /// Steps taken in mixed precision.
    public var steps = 0
}
