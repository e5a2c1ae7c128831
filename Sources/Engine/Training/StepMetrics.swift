/// What one training step measured.
public struct StepMetrics: Sendable, Equatable {
    /// Steps taken so far, this one included.
    public var step: Int
    /// The epoch the step belongs to (0-based).
    public var epoch: Int
    /// The batch loss before the update.
    public var loss: Double
    /// The learning rate used.
    public var learningRate: Double
    /// Share of correctly classified rows in the batch (nil when not computed).
    public var accuracy: Double?
    /// Global gradient norm before clipping (nil when not computed).
    public var gradientNorm: Double?
    /// Per-layer measurements (empty unless full metrics are on).
    public var layers: [LayerMetrics]
}

/// Per-layer measurements after one step.
public struct LayerMetrics: Sendable, Equatable {
    /// "L1", ...
    public var layer: String
    /// ‖W‖₂ after the update.
    public var weightNorm: Double
    /// ‖∂loss/∂W‖₂.
    public var gradientNorm: Double
    /// ‖ΔW‖ / ‖W‖ of this step's update.
    public var updateRatio: Double
    /// Share of ReLU units that output zero for every row of the batch (relu layers only).
    public var deadShare: Double?
    /// Share of saturated outputs of a sigmoid or tanh layer (those layers only): |tanh| > 0.97,
    /// a sigmoid below 0.015 or above 0.985 (`LayerStatistics.saturationShareOfRange`).
    public var saturatedShare: Double?
}

/// How much the trainer measures on each step.
public enum MetricsLevel: Sendable {
    /// Loss only: nothing beyond the step itself is computed.
    case lossOnly
    /// Loss, accuracy, gradient norm and per-layer measurements.
    case full
}
