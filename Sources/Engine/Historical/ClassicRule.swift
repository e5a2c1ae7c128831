/// The classic single-unit learning rules, written as gradients so that plain descent
/// w ← w − η·g is the rule and a step can show gradients and updates as backprop does:
/// g_W = −Σ (t − y)·x and g_b = −Σ (t − y), where y is the unit's output.
public enum ClassicRule: String, Sendable, CaseIterable {
    /// Rosenblatt: y = step(z), so w ← w + η (t − step(z)) x.
    case perceptron
    /// Widrow-Hoff (LMS): y = z, the output before any threshold, so w ← w + η (t − z) x.
    case lms

    /// The unit's output y for a net input z: the threshold for the perceptron, z itself for LMS.
    public func output(netInput z: Double) -> Double {
        switch self {
        case .perceptron: return z >= 0 ? 1 : 0
        case .lms: return z
        }
    }

    /// The rule's gradients over a batch of `rows` samples of one target each, from the
    /// net inputs z the unit gave them.
    public func gradients(netInputs: [Double], inputs: [Double], targets: [Double], rows: Int)
        -> ClassicGradients
    {
        let inputWidth = rows > 0 ? inputs.count / rows : 0
        var weights = [Double](repeating: 0, count: inputWidth)
        var bias = 0.0
        var squaredError = 0.0
        for row in 0..<rows {
            let error = targets[row] - output(netInput: netInputs[row])
            squaredError += error * error
            for i in 0..<inputWidth { weights[i] -= error * inputs[row * inputWidth + i] }
            bias -= error
        }
        return ClassicGradients(
            weights: weights, bias: bias, meanSquaredError: squaredError / Double(max(1, rows)))
    }

    /// Mean of (t − y)² over the rows: the loss the classic rules report.
    public func meanSquaredError(netInputs: [Double], targets: [Double], rows: Int) -> Double {
        let outputs = netInputs.map(output(netInput:))
        return zip(outputs, targets).map { ($1 - $0) * ($1 - $0) }.reduce(0, +) / Double(max(1, rows))
    }

    /// Forward through `network` (a single dense layer), then its weight and bias gradients
    /// set to the rule's. Returns the batch's mean squared error.
    @discardableResult
    public func computeGradients(of network: Network, inputs: [Double], targets: [Double], rows: Int)
        throws(EngineError) -> Double
    {
        let netInputs = try network.predict(inputs, rows: rows)
        guard let layer = network.denseLayers.first else { return 0 }
        let result = gradients(netInputs: netInputs, inputs: inputs, targets: targets, rows: rows)
        try layer.weight.setGrad(result.weights)
        try layer.bias.setGrad([result.bias])
        return result.meanSquaredError
    }

    /// The mean squared error of `network` on `samples`, without touching gradients.
    public func loss(of network: Network, on samples: Samples) throws(EngineError) -> Double {
        let netInputs = try network.predict(samples.inputs, rows: samples.count)
        return meanSquaredError(netInputs: netInputs, targets: samples.targets, rows: samples.count)
    }

    /// One descent step w − η·g on plain values; the classic units and `ClassicUpdate` share it.
    public static func descend(_ values: [Double], along gradient: [Double], rate: Double) -> [Double] {
        zip(values, gradient).map { $0 - rate * $1 }
    }
}

/// A classic rule's gradients for one batch.
public struct ClassicGradients: Sendable, Equatable {
    /// g_W = −Σ (t − y)·x, one value per input.
    public var weights: [Double]
    /// g_b = −Σ (t − y).
    public var bias: Double
    /// Mean of (t − y)² over the batch, before the update.
    public var meanSquaredError: Double
}
