import Foundation

extension DatasetGenerators {
    /// Gaussian blobs, as scikit-learn's `make_blobs`: `centers` centres drawn uniformly
    /// in [-10, 10) per feature, `count / centers` points around each (the first
    /// `count % centers` centres get one more) with standard deviation `std`, then shuffled.
    /// Two centres give a binary task, more a multiclass one.
    public static func blobs(count: Int, centers: Int, std: Double, features: Int, seed: UInt64) -> Dataset {
        var random = RandomSource(seed: seed)
        let centres = (0..<centers).map { _ in (0..<features).map { _ in random.nextUniform(in: -10, 10) } }
        var inputs: [Double] = []
        var targets: [Double] = []
        for (label, centre) in centres.enumerated() {
            let pointCount = count / centers + (label < count % centers ? 1 : 0)
            for _ in 0..<pointCount {
                inputs += centre.map { $0 + std * random.nextNormal() }
                targets.append(Double(label))
            }
        }
        let ordered = assemble(
            name: "blobs", inputs: inputs, targets: targets, featureNames: (1...features).map { "x\($0)" },
            classNames: (0..<centers).map(String.init),
            task: centers == 2 ? .binary : .multiclass(classCount: centers),
            source: "blobs n=\(count) centers=\(centers) std=\(text(std)) features=\(features) seed=\(seed)")
        return try! ordered.rows(random.permutation(ordered.count))
    }

    /// y = sin(x) + noise for x drawn uniformly in [-π, π): a one-input regression.
    public static func sine(count: Int, noise: Double, seed: UInt64) -> Dataset {
        var random = RandomSource(seed: seed)
        var inputs: [Double] = []
        var targets: [Double] = []
        for _ in 0..<count {
            let x = random.nextUniform(in: -.pi, .pi)
            inputs.append(x)
            targets.append(sin(x) + noise * random.nextNormal())
        }
        return assemble(
            name: "sine", inputs: inputs, targets: targets, featureNames: ["x"], task: .regression,
            source: "sine n=\(count) noise=\(text(noise)) seed=\(seed)")
    }

    /// The true line behind a `linear` data set.
    public struct LinearCoefficients: Sendable, Equatable {
        /// One weight per feature.
        public let weights: [Double]
        /// The intercept.
        public let bias: Double
    }

    /// The weights (uniform in [-2, 2)) and bias (uniform in [-1, 1)) that `linear` uses for `seed`.
    public static func linearCoefficients(features: Int, seed: UInt64) -> LinearCoefficients {
        var random = RandomSource(seed: seed)
        let weights = (0..<features).map { _ in random.nextUniform(in: -2, 2) }
        return LinearCoefficients(weights: weights, bias: random.nextUniform(in: -1, 1))
    }

    /// y = w·x + b + noise with x drawn from a standard normal per feature and the
    /// coefficients of `linearCoefficients(features:seed:)`; the `source` line states them.
    public static func linear(count: Int, features: Int, noise: Double, seed: UInt64) -> Dataset {
        let truth = linearCoefficients(features: features, seed: seed)
        // A second stream, so the coefficients do not depend on the count.
        var random = RandomSource(seed: seed &+ 1)
        var inputs: [Double] = []
        var targets: [Double] = []
        for _ in 0..<count {
            let row = (0..<features).map { _ in random.nextNormal() }
            inputs += row
            let clean = zip(truth.weights, row).reduce(truth.bias) { $0 + $1.0 * $1.1 }
            targets.append(clean + noise * random.nextNormal())
        }
        let terms = truth.weights.enumerated().map { "\($1)·x\($0 + 1)" }.joined(separator: " + ")
        return assemble(
            name: "linear", inputs: inputs, targets: targets, featureNames: (1...features).map { "x\($0)" },
            task: .regression,
            source: "linear n=\(count) features=\(features) noise=\(text(noise)) seed=\(seed): "
                + "y = \(terms) + \(truth.bias)")
    }
}
