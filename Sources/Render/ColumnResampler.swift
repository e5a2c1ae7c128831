/// The points of a series that fall in one chart column: enough to draw it faithfully.
struct ColumnBucket: Sendable, Equatable {
    var minimum: Double
    var maximum: Double
    var first: Double
    var last: Double
    /// A missing value (NaN) came between the previous plotted point and this column's first.
    var followsGap: Bool
}

/// Reduces a series of any length to one bucket per column, keeping each column's minimum
/// and maximum so that a one-step spike in a million points stays visible.
enum ColumnResampler {
    /// Buckets for `columns` columns spanning `xRange`; `plotted` maps a value to plot units or
    /// nil for a gap. Points are taken in order, so `x` should be increasing; nil means the
    /// steps 1, 2, 3, ….
    static func buckets(
        x: [Double]?, y: [Double], xRange: ClosedRange<Double>, columns: Int,
        plotted: (Double) -> Double?
    ) -> [ColumnBucket?] {
        var buckets = [ColumnBucket?](repeating: nil, count: columns)
        var pendingGap = false
        let span = xRange.upperBound - xRange.lowerBound
        let count = x.map { min($0.count, y.count) } ?? y.count
        for index in 0..<count {
            let xValue = x?[index] ?? Double(index + 1)
            let yValue = y[index]
            guard let value = plotted(yValue), xValue.isFinite else {
                pendingGap = true
                continue
            }
            let fraction = span > 0 ? (xValue - xRange.lowerBound) / span : 0.5
            let column = min(max(Int((fraction * Double(columns - 1)).rounded()), 0), columns - 1)
            if var bucket = buckets[column] {
                bucket.minimum = min(bucket.minimum, value)
                bucket.maximum = max(bucket.maximum, value)
                bucket.last = value
                buckets[column] = bucket
            } else {
                buckets[column] = ColumnBucket(
                    minimum: value, maximum: value, first: value, last: value, followsGap: pendingGap)
            }
            pendingGap = false
        }
        return buckets
    }
}
