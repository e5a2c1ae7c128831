/// The worst disagreement between backprop and central differences for one parameter.
public struct GradientCheckResult: Sendable, Equatable {
    /// The parameter's name ("L1.W").
    public var parameter: String
    /// The largest `relativeError` over the parameter's elements.
    public var worstRelativeError: Double
    /// The flat index of the worst element.
    public var worstIndex: Int
    /// Backprop's value there.
    public var analytic: Double
    /// The central difference there.
    public var numeric: Double

    /// |a − n| / max(|a|, |n|, floor): relative where gradients are large, absolute
    /// (scaled by `floor`) where both are tiny, so zeros do not report huge ratios.
    public static func relativeError(analytic a: Double, numeric n: Double, floor: Double = 1e-8) -> Double {
        Swift.abs(a - n) / Swift.max(Swift.abs(a), Swift.abs(n), floor)
    }
}

extension Network {
    /// A copy of this network with the same spec and weights in another dtype.
    public func converted(to newType: DType) -> Network {
        var unused = RandomSource(seed: 0)
        let copy = Network(
            spec: spec, adapters: adapters, dtype: newType, initializer: .zeros, random: &unused)
        for (target, source) in zip(copy.parameters, parameters) {
            for index in 0..<source.count { target[flat: index] = source[flat: index] }
            target.isFrozen = source.isFrozen
            target.learningRate = source.learningRate
        }
        copy.random = random
        return copy
    }

    /// Compares backprop's gradients with central differences (θ ± h) in Float64, in
    /// evaluation mode, and reports the worst relative error per parameter.
    public func gradientCheck(
        inputs: [Double], targets: [Double], rows: Int, loss: Loss, step h: Double = 1e-5
    ) throws(EngineError) -> [GradientCheckResult] {
        let probe = converted(to: .float64)
        probe.isTraining = false
        // The check is of the arithmetic, so a frozen parameter's gradient is checked too.
        for parameter in probe.parameters { parameter.isFrozen = false }
        try probe.computeGradients(inputs: inputs, targets: targets, rows: rows, loss: loss)
        var results: [GradientCheckResult] = []
        for parameter in probe.parameters {
            let analytic = parameter.grad ?? Array(repeating: 0, count: parameter.count)
            var worst = GradientCheckResult(
                parameter: parameter.name, worstRelativeError: 0, worstIndex: 0, analytic: 0, numeric: 0)
            for index in 0..<parameter.count {
                let original = parameter[flat: index]
                parameter[flat: index] = original + h
                let plus = try probe.lossValue(inputs: inputs, targets: targets, rows: rows, loss: loss)
                parameter[flat: index] = original - h
                let minus = try probe.lossValue(inputs: inputs, targets: targets, rows: rows, loss: loss)
                parameter[flat: index] = original
                let numeric = (plus - minus) / (2 * h)
                let error = GradientCheckResult.relativeError(analytic: analytic[index], numeric: numeric)
                if error > worst.worstRelativeError || index == 0 {
                    worst = GradientCheckResult(
                        parameter: parameter.name, worstRelativeError: error, worstIndex: index,
                        analytic: analytic[index], numeric: numeric)
                }
            }
            results.append(worst)
        }
        return results
    }
}
