/// One or more histograms as horizontal bars with bin edges and counts, stacked or side by side.
///
/// ```
/// L1.W  n=6
/// [-1.0, -0.5)  ███████████████▌                 2
/// [-0.5,  0.0)  ███████████████████████████████  4
/// ```
public struct HistogramChart: Sendable, Equatable {
    /// How several histograms share the width.
    public enum Layout: Sendable, Equatable {
        /// One above the other, each the full width.
        case stacked
        /// Next to each other in equal panels.
        case sideBySide
    }

    public var title: String?
    public var histograms: [Histogram]
    public var layout: Layout
    /// Total width in columns.
    public var width: Int
    public var style: RenderStyle
    /// Significant digits of the bin edges.
    public var edgeFormat: NumberFormat

    /// A chart of `histograms`, stacked and 72 columns wide unless told otherwise.
    public init(
        title: String? = nil, histograms: [Histogram], layout: Layout = .stacked, width: Int = 72,
        style: RenderStyle = .unicode, edgeFormat: NumberFormat = NumberFormat(significantDigits: 3)
    ) {
        self.title = title
        self.histograms = histograms
        self.layout = layout
        self.width = width
        self.style = style
        self.edgeFormat = edgeFormat
    }

    /// Fixed-width text, and the same picture in SVG.
    public func rendering() -> Rendering {
        Rendering(plain: plainText(), svg: svg())
    }

    /// Eighths of a block, from one eighth to a full block.
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// The chart as lines of text joined by newlines.
    public func plainText() -> String {
        var lines: [String] = []
        if let title { lines.append(title) }
        // Side by side only while every panel keeps a readable bar; otherwise stack.
        let separator = style == .unicode ? " │ " : " | "
        let panelWidth = self.panelWidth(separator: separator)
        switch shownLayout {
        case .stacked:
            for (index, histogram) in histograms.enumerated() {
                if index > 0 { lines.append("") }
                lines += panel(histogram, width: width)
            }
        case .sideBySide:
            let panels = histograms.map { panel($0, width: panelWidth) }
            let height = panels.map(\.count).max() ?? 0
            for row in 0..<height {
                let parts = panels.map { row < $0.count ? $0[row] : "" }
                let padded = parts.map { DisplayWidth.pad($0, to: panelWidth) }
                lines.append(String(padded.joined(separator: separator).trimmingTrailingSpaces()))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func panelWidth(separator: String) -> Int {
        let count = max(histograms.count, 1)
        return (width - (count - 1) * separator.count) / count
    }

    /// The layout drawn: side by side only while every panel keeps a readable bar.
    var shownLayout: Layout {
        let panelWidth = self.panelWidth(separator: style == .unicode ? " │ " : " | ")
        let fitsSideBySide = histograms.allSatisfy { fixedWidth(of: $0) + Self.minimumBarWidth <= panelWidth }
        return fitsSideBySide ? layout : .stacked
    }

    /// A histogram's name, count, and the values no bin holds.
    static func heading(_ histogram: Histogram) -> String {
        var heading = "\(histogram.name)  n=\(histogram.total)"
        if histogram.outsideCount > 0 { heading += "  outside=\(histogram.outsideCount)" }
        if histogram.nonFiniteCount > 0 { heading += "  NaN/inf=\(histogram.nonFiniteCount)" }
        return heading
    }

    /// A histogram's heading and one line per bin, each `width` columns or less.
    func panel(_ histogram: Histogram, width: Int) -> [String] {
        let heading = Self.heading(histogram)
        let edgeTexts = edgeFormat.strings(histogram.edges)
        let edgeWidth = edgeTexts.map { DisplayWidth.of($0) }.max() ?? 0
        let countTexts = histogram.counts.map(String.init)
        let countWidth = countTexts.map(\.count).max() ?? 0
        let barWidth = max(width - fixedWidth(of: histogram), 1)
        let largest = histogram.counts.max() ?? 0
        var lines = [DisplayWidth.truncate(heading, to: width)]
        for bin in histogram.counts.indices {
            let low = DisplayWidth.pad(edgeTexts[bin], to: edgeWidth, alignment: .right)
            let high = DisplayWidth.pad(edgeTexts[bin + 1], to: edgeWidth, alignment: .right)
            let closing = bin == histogram.counts.count - 1 ? "]" : ")"
            let bar = self.bar(histogram.counts[bin], largest: largest, width: barWidth)
            let count = DisplayWidth.pad(countTexts[bin], to: countWidth, alignment: .right)
            lines.append("[\(low), \(high)\(closing)  \(DisplayWidth.pad(bar, to: barWidth))  \(count)")
        }
        return lines
    }

    /// The narrowest bar worth drawing next to other panels.
    static let minimumBarWidth = 8

    /// Columns of a bin line that are not bar: `[low, high)`, two spaces, two spaces, count.
    func fixedWidth(of histogram: Histogram) -> Int {
        let edgeWidth = edgeFormat.strings(histogram.edges).map { DisplayWidth.of($0) }.max() ?? 0
        let countWidth = histogram.counts.map { String($0).count }.max() ?? 0
        return (2 * edgeWidth + 4) + 2 + 2 + countWidth
    }

    /// A bar of `count` against the largest count; never empty for a nonzero count.
    func bar(_ count: Int, largest: Int, width: Int) -> String {
        guard count > 0, largest > 0 else { return "" }
        let fraction = Double(count) / Double(largest)
        switch style {
        case .ascii:
            return String(repeating: "#", count: max(Int((fraction * Double(width)).rounded()), 1))
        case .unicode:
            let eighthsTotal = max(Int((fraction * Double(width * 8)).rounded()), 1)
            let full = String(repeating: "█", count: eighthsTotal / 8)
            let remainder = eighthsTotal % 8
            return remainder == 0 ? full : full + String(Self.eighths[remainder - 1])
        }
    }
}
