import Engine

/// One loss `loss` can choose, with what it computes and which reductions apply to it.
public struct LossEntry: Sendable {
    public var kind: Loss.Kind
    /// One line for help: the formula and the PyTorch loss it matches.
    public var summary: String
    /// The `reduction=` values `loss` takes for it: both, or only sum for a loss defined as one.
    public var reductions: [Loss.Reduction]

    /// The name `loss` takes.
    public var name: String { kind.rawValue }
}

/// Every loss, in the order help lists them: the one table `loss`'s keywords, help and
/// completion read.
public enum LossRegistry {
    public static let all: [LossEntry] = [
        LossEntry(kind: .mse, summary: "squared errors (y − t)², as nn.MSELoss", reductions: both),
        LossEntry(kind: .mae, summary: "absolute errors |y − t|, as nn.L1Loss", reductions: both),
        LossEntry(
            kind: .bce,
            summary: "binary cross-entropy −[t log y + (1 − t) log(1 − y)] on probabilities, as nn.BCELoss",
            reductions: both),
        LossEntry(
            kind: .bceWithLogits,
            summary: "binary cross-entropy on the logits z (no sigmoid needed), as nn.BCEWithLogitsLoss",
            reductions: both),
        LossEntry(
            kind: .crossEntropy,
            summary:
                "cross-entropy −Σ t log softmax(z) on the logits, as nn.CrossEntropyLoss (mean over rows)",
            reductions: both),
        LossEntry(
            kind: .halfSumSquared,
            summary: "the 1986 paper's E = ½ Σ (t − y)², a sum by definition (reduction=sum only)",
            reductions: [.sum]),
    ]

    /// Every loss's name, in help order.
    public static let names = all.map(\.name)

    private static let both: [Loss.Reduction] = [.mean, .sum]
}
