/// How one dense layer's weights, gradients and outputs were spread at a logged step, kept as quantiles
/// so any later chart can put every step on the same bins: `plot hist` draws them over time.
public struct LayerDistribution: Sendable, Equatable {
    /// Quantiles kept per tensor: the minimum, every sixteenth, the maximum.
    public static let levels = 17

    public var layer: String
    /// The weights' quantiles after the step, from the minimum to the maximum.
    public var weights: [Double]
    /// The step's gradient's quantiles; nil when the layer had no gradient.
    public var gradients: [Double]?
    /// The quantiles of the layer's outputs a (after its activation) on the step's batch; nil
    /// when the step's pass was not at hand.
    public var activations: [Double]?

    /// The quantiles of `values` at 0, 1/16, …, 1 (linear between order statistics, as NumPy's
    /// default); non-finite values are left out, and none leaves an empty list.
    public static func quantiles(_ values: [Double]) -> [Double] {
        let sorted = values.filter(\.isFinite).sorted()
        guard let last = sorted.indices.last else { return [] }
        return (0..<levels).map { level in
            let position = Double(last) * Double(level) / Double(levels - 1)
            let below = Int(position.rounded(.down))
            let above = min(below + 1, last)
            let fraction = position - Double(below)
            return sorted[below] + (sorted[above] - sorted[below]) * fraction
        }
    }

    /// The share of values at or below `x` that the quantiles imply (their CDF, linear between them).
    public static func share(atOrBelow x: Double, quantiles: [Double]) -> Double {
        guard let first = quantiles.first, let last = quantiles.last, x >= first else { return 0 }
        if x >= last { return 1 }
        let step = 1 / Double(quantiles.count - 1)
        // The last quantile at or below x, so tied quantiles (many equal values) jump at once.
        let index = quantiles.lastIndex { $0 <= x }!
        let low = quantiles[index]
        let high = quantiles[index + 1]
        return (Double(index) + (high > low ? (x - low) / (high - low) : 0)) * step
    }

    /// The share of values in each of the bins between consecutive `edges`; a point mass (every
    /// quantile equal) falls in the bin that holds it.
    public static func shares(between edges: [Double], quantiles: [Double]) -> [Double] {
        guard edges.count > 1, let first = quantiles.first, let last = quantiles.last else { return [] }
        if first == last {
            let bin = edges.dropLast().lastIndex { $0 <= first } ?? 0
            return (0..<(edges.count - 1)).map { $0 == min(bin, edges.count - 2) ? 1 : 0 }
        }
        var cumulative = edges.map { share(atOrBelow: $0, quantiles: quantiles) }
        // Values equal to the lowest edge belong to the first bin, not below it (ReLU's zeros).
        if edges[0] <= first { cumulative[0] = 0 }
        return (0..<(edges.count - 1)).map { cumulative[$0 + 1] - cumulative[$0] }
    }
}
