/// Counts of values in equal-width bins: the data behind a histogram chart.
public struct Histogram: Sendable, Equatable {
    /// What was counted (a layer's weights, say).
    public var name: String
    /// Bin edges, one more than there are bins; bin `i` is `[edges[i], edges[i+1])`, the last closed.
    public let edges: [Double]
    /// Values per bin.
    public let counts: [Int]
    /// NaN and infinite values, which no bin holds.
    public let nonFiniteCount: Int
    /// Finite values outside an explicitly given range.
    public let outsideCount: Int

    /// Bins `values` into `bins` equal bins over `range` (the values' own range when nil).
    public init(name: String, values: [Double], bins: Int = 10, range: ClosedRange<Double>? = nil) {
        let finite = values.filter { $0.isFinite }
        let binCount = max(bins, 1)
        var low = range?.lowerBound ?? finite.min() ?? 0
        var high = range?.upperBound ?? finite.max() ?? 1
        if high <= low {
            // All values equal: centre them in a bin of width 1 rather than divide by zero.
            low -= 0.5
            high += 0.5
        }
        let width = (high - low) / Double(binCount)
        var counts = Array(repeating: 0, count: binCount)
        var outside = 0
        for value in finite {
            guard value >= low, value <= high else {
                outside += 1
                continue
            }
            counts[min(Int((value - low) / width), binCount - 1)] += 1
        }
        self.name = name
        self.edges = (0...binCount).map { $0 == binCount ? high : low + Double($0) * width }
        self.counts = counts
        self.nonFiniteCount = values.count - finite.count
        self.outsideCount = outside
    }

    /// A histogram from counts already made; `edges` must be one longer than `counts`.
    public init(name: String, edges: [Double], counts: [Int]) throws(RenderError) {
        guard edges.count == counts.count + 1 else {
            throw .matrixShape(shape: [counts.count + 1], valueCount: edges.count)
        }
        self.name = name
        self.edges = edges
        self.counts = counts
        self.nonFiniteCount = 0
        self.outsideCount = 0
    }

    /// Values counted in bins.
    public var total: Int { counts.reduce(0, +) }
}
