/// Kept as an independent oracle for the engine's ClassicRule: the 1958 and 1960 units as
/// their papers state them, sample by sample.
@testable import Engine

/// A single linear unit trained sample by sample by one of the classic rules: its
/// weights and bias, its net input and the rule's step. `Perceptron` and `Adaline` are
/// such units; they differ in the rule they learn by and in how they classify.
protocol ClassicUnit {
    /// The rule the unit learns by.
    static var rule: ClassicRule { get }
    /// One weight per input.
    var weights: [Double] { get set }
    /// The bias (minus the threshold).
    var bias: Double { get set }
    /// A unit with given weights and bias.
    init(weights: [Double], bias: Double)
}

extension ClassicUnit {
    /// A unit with all weights and the bias at zero, as the classic experiments started.
    init(inputs: Int) {
        self.init(weights: Array(repeating: 0, count: inputs), bias: 0)
    }

    /// The net input w·x + b, before any threshold.
    func netInput(_ x: [Double]) -> Double {
        zip(weights, x).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    /// Applies the rule to one sample (w ← w − η·g with the rule's gradient, the same
    /// arithmetic a net of this kind trains by); returns the error t − y before the update.
    @discardableResult
    mutating func learn(_ x: [Double], target: Double, rate: Double) -> Double {
        let z = netInput(x)
        let gradients = Self.rule.gradients(netInputs: [z], inputs: x, targets: [target], rows: 1)
        weights = ClassicRule.descend(weights, along: gradients.weights, rate: rate)
        bias = ClassicRule.descend([bias], along: [gradients.bias], rate: rate)[0]
        return target - Self.rule.output(netInput: z)
    }
}
