import Foundation

extension DatasetGenerators {
    /// Two concentric circles, as scikit-learn's `make_circles`: `count / 2` points
    /// evenly spaced on the unit circle (class 0) and the rest on a circle of radius
    /// `factor` (class 1), Gaussian noise of standard deviation `noise` on each
    /// coordinate, then shuffled.
    public static func circles(count: Int, noise: Double, factor: Double, seed: UInt64) -> Dataset {
        let outerCount = count / 2
        let innerCount = count - outerCount
        var inputs: [Double] = []
        var targets: [Double] = []
        for angle in evenlySpaced(from: 0, to: 2 * .pi, count: outerCount, includingEnd: false) {
            inputs += [cos(angle), sin(angle)]
            targets.append(0)
        }
        for angle in evenlySpaced(from: 0, to: 2 * .pi, count: innerCount, includingEnd: false) {
            inputs += [factor * cos(angle), factor * sin(angle)]
            targets.append(1)
        }
        return noisyShuffled(
            name: "circles", inputs: inputs, targets: targets, noise: noise, seed: seed,
            source: "circles n=\(count) noise=\(text(noise)) factor=\(text(factor)) seed=\(seed)")
    }

    /// Two interleaving half circles, as scikit-learn's `make_moons`: the upper half of the
    /// unit circle (class 0, `count / 2` points) and a lower half circle centred at (1, 0.5)
    /// (class 1), Gaussian noise of standard deviation `noise`, then shuffled.
    public static func moons(count: Int, noise: Double, seed: UInt64) -> Dataset {
        let outerCount = count / 2
        let innerCount = count - outerCount
        var inputs: [Double] = []
        var targets: [Double] = []
        for angle in evenlySpaced(from: 0, to: .pi, count: outerCount, includingEnd: true) {
            inputs += [cos(angle), sin(angle)]
            targets.append(0)
        }
        for angle in evenlySpaced(from: 0, to: .pi, count: innerCount, includingEnd: true) {
            inputs += [1 - cos(angle), 1 - sin(angle) - 0.5]
            targets.append(1)
        }
        return noisyShuffled(
            name: "moons", inputs: inputs, targets: targets, noise: noise, seed: seed,
            source: "moons n=\(count) noise=\(text(noise)) seed=\(seed)")
    }

    /// Adds the noise, then shuffles, both from one generator seeded with `seed`.
    private static func noisyShuffled(
        name: String, inputs: [Double], targets: [Double], noise: Double, seed: UInt64, source: String
    ) -> Dataset {
        var random = RandomSource(seed: seed)
        var noisy = inputs
        if noise > 0 {
            for index in noisy.indices { noisy[index] += noise * random.nextNormal() }
        }
        let ordered = assemble(
            name: name, inputs: noisy, targets: targets, featureNames: ["x1", "x2"], classNames: ["0", "1"],
            task: .binary, source: source)
        return try! ordered.rows(random.permutation(ordered.count))
    }
}
