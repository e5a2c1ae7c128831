/// Rosenblatt's perceptron: a threshold unit ŷ = [w·x + b ≥ 0] with outputs 0 and 1,
/// trained by the perceptron rule w ← w + η(t − ŷ)x, b ← b + η(t − ŷ): the same
/// `ClassicRule.perceptron` arithmetic a `net p = perceptron 2` trains by.
public struct Perceptron: Sendable, Equatable {
    /// One weight per input.
    public var weights: [Double]
    /// The bias (minus the threshold).
    public var bias: Double

    /// A perceptron with all weights and the bias at zero, as Rosenblatt started.
    public init(inputs: Int) {
        weights = Array(repeating: 0, count: inputs)
        bias = 0
    }

    /// A perceptron with given weights and bias.
    public init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// The net input w·x + b.
    public func netInput(_ x: [Double]) -> Double {
        zip(weights, x).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    /// The thresholded output, 1 when the net input is at least zero, else 0.
    public func predict(_ x: [Double]) -> Double { ClassicRule.perceptron.output(netInput: netInput(x)) }

    /// Applies the rule to one sample; returns the error t − ŷ (0 when nothing changed).
    @discardableResult
    public mutating func learn(_ x: [Double], target: Double, rate: Double) -> Double {
        let z = netInput(x)
        let gradients = ClassicRule.perceptron.gradients(
            netInputs: [z], inputs: x, targets: [target], rows: 1)
        weights = ClassicRule.descend(weights, along: gradients.weights, rate: rate)
        bias = ClassicRule.descend([bias], along: [gradients.bias], rate: rate)[0]
        return target - ClassicRule.perceptron.output(netInput: z)
    }

    /// One pass over the rows of `samples` in order (one target per row).
    @discardableResult
    public mutating func epoch(on samples: Samples, rate: Double) -> Int {
        epoch(inputs: samples.inputRows, targets: samples.targets, rate: rate)
    }

    /// One pass over the samples in order; returns the number of misclassified samples.
    @discardableResult
    public mutating func epoch(inputs: [[Double]], targets: [Double], rate: Double) -> Int {
        var mistakes = 0
        for (x, t) in zip(inputs, targets) where learn(x, target: t, rate: rate) != 0 { mistakes += 1 }
        return mistakes
    }
}
