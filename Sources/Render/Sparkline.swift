/// A one-line trend chart of a series (`▁▂▃▅▇█`), small enough for a table cell.
public struct Sparkline: Sendable, Equatable {
    /// The eight levels of the Unicode ramp, low to high.
    public static let unicodeLevels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// The ASCII ramp, low to high.
    public static let asciiLevels: [Character] = ["_", ".", "-", ":", "=", "+", "*", "#"]

    /// The chart, exactly `min(width, values.count)` columns wide; NaN buckets are spaces.
    public let text: String

    /// The sparkline of `values`, averaged into at most `width` buckets.
    public init(_ values: [Double], width: Int = 12, style: RenderStyle = .unicode) {
        let levels = style == .unicode ? Self.unicodeLevels : Self.asciiLevels
        let buckets = Self.bucketMeans(values, count: min(max(width, 1), values.count))
        let finite = buckets.filter { $0.isFinite }
        guard let low = finite.min(), let high = finite.max() else {
            text = String(repeating: " ", count: buckets.count)
            return
        }
        text = String(
            buckets.map { value -> Character in
                guard value.isFinite else { return " " }
                // A flat series sits mid-height, so it reads as "flat", not "zero".
                guard high > low else { return levels[levels.count / 2 - 1] }
                let position = (value - low) / (high - low) * Double(levels.count - 1)
                return levels[Int(position.rounded())]
            })
    }

    /// The mean of the finite values in each of `count` equal runs of `values` (NaN if none).
    static func bucketMeans(_ values: [Double], count: Int) -> [Double] {
        guard count > 0 else { return [] }
        return (0..<count).map { bucket in
            let start = bucket * values.count / count
            let end = max((bucket + 1) * values.count / count, start + 1)
            let finite = values[start..<end].filter { $0.isFinite }
            guard !finite.isEmpty else { return .nan }
            return finite.reduce(0, +) / Double(finite.count)
        }
    }
}
