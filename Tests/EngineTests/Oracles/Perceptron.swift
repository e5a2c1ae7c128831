@testable import Engine

/// Rosenblatt's perceptron: a threshold unit ŷ = [w·x + b ≥ 0] with outputs 0 and 1,
/// trained by the perceptron rule w ← w + η(t − ŷ)x, b ← b + η(t − ŷ): the same
/// `ClassicRule.perceptron` arithmetic a `net p = perceptron 2` trains by.
struct Perceptron: ClassicUnit, Sendable, Equatable {
    static let rule = ClassicRule.perceptron
    var weights: [Double]
    var bias: Double

    init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// The thresholded output, 1 when the net input is at least zero, else 0.
    func predict(_ x: [Double]) -> Double { Self.rule.output(netInput: netInput(x)) }

    /// One pass over the rows of `samples` in order (one target per row).
    @discardableResult
    mutating func epoch(on samples: Samples, rate: Double) -> Int {
        epoch(inputs: samples.inputRows, targets: samples.targets, rate: rate)
    }

    /// One pass over the samples in order; returns the number of misclassified samples.
    @discardableResult
    mutating func epoch(inputs: [[Double]], targets: [Double], rate: Double) -> Int {
        var mistakes = 0
        for (x, t) in zip(inputs, targets) where learn(x, target: t, rate: rate) != 0 { mistakes += 1 }
        return mistakes
    }
}
