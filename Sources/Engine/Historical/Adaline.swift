/// Widrow and Hoff's ADALINE: a linear unit y = w·x + b trained by the LMS (delta)
/// rule on the linear output, w ← w + η(t − y)x; it classifies by the sign of y
/// (outputs −1 and 1, the bipolar targets of the 1960 paper). The rule is
/// `ClassicRule.lms`, the arithmetic a `net a = adaline 2` trains by.
public struct Adaline: Sendable, Equatable {
    /// One weight per input.
    public var weights: [Double]
    /// The bias.
    public var bias: Double

    /// An ADALINE with all weights and the bias at zero.
    public init(inputs: Int) {
        weights = Array(repeating: 0, count: inputs)
        bias = 0
    }

    /// An ADALINE with given weights and bias.
    public init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// The linear output w·x + b, before the threshold.
    public func linearOutput(_ x: [Double]) -> Double {
        zip(weights, x).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    /// The quantised output: 1 when the linear output is at least zero, else −1.
    public func predict(_ x: [Double]) -> Double { linearOutput(x) >= 0 ? 1 : -1 }

    /// Applies the LMS rule to one sample; returns the error t − y before the update.
    @discardableResult
    public mutating func learn(_ x: [Double], target: Double, rate: Double) -> Double {
        let z = linearOutput(x)
        let gradients = ClassicRule.lms.gradients(netInputs: [z], inputs: x, targets: [target], rows: 1)
        weights = ClassicRule.descend(weights, along: gradients.weights, rate: rate)
        bias = ClassicRule.descend([bias], along: [gradients.bias], rate: rate)[0]
        return target - ClassicRule.lms.output(netInput: z)
    }

    /// One pass over the rows of `samples` in order (one target per row).
    @discardableResult
    public mutating func epoch(on samples: Samples, rate: Double) -> Double {
        epoch(inputs: samples.inputRows, targets: samples.targets, rate: rate)
    }

    /// One pass over the samples in order; returns the mean squared error before each update.
    @discardableResult
    public mutating func epoch(inputs: [[Double]], targets: [Double], rate: Double) -> Double {
        var total = 0.0
        for (x, t) in zip(inputs, targets) {
            let error = learn(x, target: t, rate: rate)
            total += error * error
        }
        return inputs.isEmpty ? 0 : total / Double(inputs.count)
    }
}
