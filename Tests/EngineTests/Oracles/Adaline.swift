@testable import Engine

/// Widrow and Hoff's ADALINE: a linear unit y = w·x + b trained by the LMS (delta)
/// rule on the linear output, w ← w + η(t − y)x; it classifies by the sign of y
/// (outputs −1 and 1, the bipolar targets of the 1960 paper). The rule is
/// `ClassicRule.lms`, the arithmetic a `net a = adaline 2` trains by.
struct Adaline: ClassicUnit, Sendable, Equatable {
    static let rule = ClassicRule.lms
    var weights: [Double]
    var bias: Double

    init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// The quantised output: 1 when the linear output is at least zero, else −1.
    func predict(_ x: [Double]) -> Double { netInput(x) >= 0 ? 1 : -1 }

    /// One pass over the rows of `samples` in order (one target per row).
    @discardableResult
    mutating func epoch(on samples: Samples, rate: Double) -> Double {
        epoch(inputs: samples.inputRows, targets: samples.targets, rate: rate)
    }

    /// One pass over the samples in order; returns the mean squared error before each update.
    @discardableResult
    mutating func epoch(inputs: [[Double]], targets: [Double], rate: Double) -> Double {
        var total = 0.0
        for (x, t) in zip(inputs, targets) {
            let error = learn(x, target: t, rate: rate)
            total += error * error
        }
        return inputs.isEmpty ? 0 : total / Double(inputs.count)
    }
}
