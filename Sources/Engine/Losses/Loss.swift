/// A loss function with its reduction, as PyTorch defines them.
public struct Loss: Sendable, Equatable {
    /// Which loss.
    public enum Kind: String, Sendable, CaseIterable {
        /// Mean (or sum) of squared errors, nn.MSELoss.
        case mse
        /// Mean (or sum) of absolute errors, nn.L1Loss.
        case mae
        /// Binary cross-entropy on probabilities, logs clamped at -100 as nn.BCELoss.
        case bce
        /// Binary cross-entropy on the logits z, nn.BCEWithLogitsLoss.
        case bceWithLogits = "bce_logits"
        /// Cross-entropy on the logits z of the last layer, nn.CrossEntropyLoss;
        /// targets are class indices or one-hot rows.
        case crossEntropy = "ce"
        /// The 1986 paper's E = ½ Σ (t − y)², always a sum.
        case halfSumSquared = "sse"
    }

    /// How per-element losses become one number.
    public enum Reduction: String, Sendable, CaseIterable {
        /// Average over all elements (over rows for cross-entropy).
        case mean
        /// Plain sum.
        case sum
    }

    public var kind: Kind
    public var reduction: Reduction

    /// A loss; `reduction` defaults to mean. The 1986 `sse` is a sum by definition, so its
    /// reduction is always `.sum` (a caller that asked for a mean is told so by
    /// `acceptsReduction`).
    public init(_ kind: Kind, reduction: Reduction = .mean) {
        self.kind = kind
        self.reduction = kind == .halfSumSquared ? .sum : reduction
    }

    /// Whether `reduction` means something for this kind: every loss but `sse` takes both.
    public static func accepts(_ reduction: Reduction, for kind: Kind) -> Bool {
        kind != .halfSumSquared || reduction == .sum
    }

    /// True when the loss reads the logits z rather than the activation a.
    public var readsLogits: Bool { kind == .bceWithLogits || kind == .crossEntropy }

    /// Builds the loss node from the last layer's activation `output`, its logits `logits`
    /// and a `targets` tensor of the same shape (one-hot rows for cross-entropy).
    public func build(output: Tensor, logits: Tensor, targets: Tensor) throws(EngineError) -> Tensor {
        let prediction = readsLogits ? logits : output
        guard prediction.shape == targets.shape else {
            throw .shapeMismatch(
                operation: "loss \(kind.rawValue)", left: prediction.shape, right: targets.shape)
        }
        switch kind {
        case .mse:
            let error = try prediction - targets
            return try reduce(error * error)
        case .mae:
            return try reduce((prediction - targets).abs())
        case .bce:
            // log clamped at -100 as PyTorch's BCELoss, with a gradient that stays finite.
            let logP = prediction.apply(.clampedLog(floor: -100))
            let logQ = (1 - prediction).apply(.clampedLog(floor: -100))
            let positive = try targets * logP
            let negative = try (1 - targets) * logQ
            return try reduce(-(positive + negative))
        case .bceWithLogits:
            // max(z, 0) − z·t + log(1 + e^−|z|): stable for large |z|.
            let softplus = (-prediction.abs()).exp().apply(.shift(1)).log()
            return try reduce(prediction.relu() - prediction * targets + softplus)
        case .crossEntropy:
            let picked = try (targets * prediction.logSoftmax()).sum()
            let rows = prediction.rank > 1 ? prediction.shape[0] : 1
            return reduction == .mean ? picked * (-1 / Double(rows)) : -picked
        case .halfSumSquared:
            let error = try prediction - targets
            return try (error * error).sum() * 0.5
        }
    }

    private func reduce(_ elements: Tensor) throws(EngineError) -> Tensor {
        reduction == .mean ? try elements.mean() : try elements.sum()
    }
}
