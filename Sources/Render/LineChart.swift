import Foundation

/// A text line chart of one or more series, in braille (2 × 4 dots per character) or ASCII.
///
/// The width includes the y-axis labels. Long series are reduced to one bucket per column
/// keeping each column's minimum and maximum, so spikes stay visible; NaN leaves a gap.
/// With several series, the first is drawn in braille and the others with marker
/// characters (`×`, `+`, `o`, …) named in the legend, so overlaid curves stay distinct.
public struct LineChart: Sendable, Equatable {
    /// How a series is drawn.
    public enum Mark: Sendable, Equatable {
        /// Braille dots joined into a line (Unicode style only; ASCII falls back to `*`).
        case braille
        /// One character per column, spanning the column's minimum to maximum.
        case character(Character)
    }

    /// One named series; `x` defaults to the steps 1, 2, 3, ….
    public struct Series: Sendable, Equatable {
        public var name: String
        public var y: [Double]
        public var x: [Double]?
        /// `nil` picks a mark by the series' position and the chart's style.
        public var mark: Mark?

        /// A series of `y` values at `x` positions (1, 2, 3, … when nil).
        public init(_ name: String, y: [Double], x: [Double]? = nil, mark: Mark? = nil) {
            self.name = name
            self.y = y
            self.x = x
            self.mark = mark
        }
    }

    /// Markers for the second and later series in Unicode style.
    public static let unicodeMarkers: [Character] = ["×", "+", "o", "*", "#", "%"]
    /// Markers for every series in ASCII style.
    public static let asciiMarkers: [Character] = ["*", "o", "+", "x", "#", "%"]

    public var title: String?
    public var series: [Series]
    /// Total width in columns, y-axis labels included.
    public var width: Int
    /// Height of the plot area in rows.
    public var height: Int
    /// Plot log10 of the values; values that are not positive leave gaps.
    public var logarithmicY: Bool
    /// Place x at log10 of its values, with ticks at powers of ten; values that are not
    /// positive leave gaps.
    public var logarithmicX: Bool
    public var style: RenderStyle
    /// What x measures, shown at the right end of the x-axis when it fits.
    public var xLabel: String?
    /// What y measures: the y-axis title of the SVG picture (the text chart has none).
    public var yLabel: String?
    /// Values the y axis covers whatever the data (a share's 0 to 1), so a flat series is not
    /// stretched over the whole height; nil lets the data decide.
    public var yCovers: ClosedRange<Double>?

    /// A chart of `series`; 72 columns by 16 rows unless told otherwise.
    public init(
        title: String? = nil, series: [Series], width: Int = 72, height: Int = 16,
        logarithmicY: Bool = false, logarithmicX: Bool = false, style: RenderStyle = .unicode,
        xLabel: String? = "step", yLabel: String? = nil
    ) {
        self.title = title
        self.series = series
        self.width = width
        self.height = max(height, 2)
        self.logarithmicY = logarithmicY
        self.logarithmicX = logarithmicX
        self.style = style
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Fixed-width text, and the same chart as an SVG picture.
    public func rendering() -> Rendering {
        Rendering(plain: plainText(), svg: svg())
    }

    /// The mark each series is drawn with.
    func resolvedMarks() -> [Mark] {
        var markerIndex = 0
        return series.indices.map { index in
            var mark = series[index].mark
            if style == .ascii, mark == .braille { mark = nil }
            if let mark { return mark }
            if style == .unicode && index == 0 { return .braille }
            let markers = style == .unicode ? Self.unicodeMarkers : Self.asciiMarkers
            defer { markerIndex += 1 }
            return .character(markers[markerIndex % markers.count])
        }
    }

    /// The scales and marks that the text chart and the SVG picture share.
    struct Layout {
        let yScale: AxisScale
        /// Tick labels by text row.
        let yTicks: [Int: String]
        /// Columns of the text plot area.
        let plotWidth: Int
        let xRange: ClosedRange<Double>
        let marks: [Mark]

        /// The text row of a y in plotted units, as dot rows of four per text row.
        func dotRow(_ plotted: Double, height: Int) -> Int {
            let dotRows = height * 4
            let span = yScale.upper - yScale.lower
            let fraction = span > 0 ? (yScale.upper - plotted) / span : 0.5
            return min(max(Int((fraction * Double(dotRows - 1)).rounded()), 0), dotRows - 1)
        }
    }

    func layout() -> Layout {
        let yScale = verticalScale()
        var layout = Layout(
            yScale: yScale, yTicks: [:], plotWidth: 0, xRange: horizontalRange(), marks: resolvedMarks())
        var yTicks: [Int: String] = [:]
        for tick in yScale.ticks { yTicks[layout.dotRow(tick.position, height: height) / 4] = tick.label }
        let plotWidth = max(width - ChartFrame.marginWidth(yLabels: Array(yTicks.values)), 4)
        layout = Layout(
            yScale: yScale, yTicks: yTicks, plotWidth: plotWidth, xRange: layout.xRange, marks: layout.marks)
        return layout
    }

    /// The chart as lines of text joined by newlines.
    public func plainText() -> String {
        let layout = layout()
        let yScale = layout.yScale
        func dotRow(_ plotted: Double) -> Int { layout.dotRow(plotted, height: height) }
        let yTicks = layout.yTicks
        let plotWidth = layout.plotWidth
        let xRange = layout.xRange
        let marks = layout.marks

        var canvas = BrailleCanvas(columns: plotWidth, rows: height)
        var markers = [[Character?]](repeating: Array(repeating: nil, count: plotWidth), count: height)
        for (series, mark) in zip(series, marks) {
            let columns = mark == .braille ? canvas.dotColumns : plotWidth
            let buckets = ColumnResampler.buckets(
                x: placedX(series), y: series.y, xRange: xRange, columns: columns, plotted: yScale.plotted)
            switch mark {
            case .braille:
                var previous: (column: Int, last: Double)?
                for (column, bucket) in buckets.enumerated() {
                    guard let bucket else { continue }
                    if let previous, !bucket.followsGap {
                        canvas.line(
                            from: (previous.column, dotRow(previous.last)), to: (column, dotRow(bucket.first))
                        )
                    }
                    canvas.line(from: (column, dotRow(bucket.minimum)), to: (column, dotRow(bucket.maximum)))
                    previous = (column, bucket.last)
                }
            case .character(let character):
                for (column, bucket) in buckets.enumerated() {
                    guard let bucket else { continue }
                    for row in (dotRow(bucket.maximum) / 4)...(dotRow(bucket.minimum) / 4) {
                        markers[row][column] = character
                    }
                }
            }
        }
        let rows = (0..<height).map { row in
            (0..<plotWidth).map { column in
                markers[row][column] ?? canvas.character(column: column, row: row) ?? " "
            }
        }
        let frame = ChartFrame(
            title: title, plotRows: rows, yTicks: yTicks,
            xTicks: horizontalTicks(range: xRange, plotWidth: plotWidth), xCaption: xLabel,
            legend: series.count > 1 ? legend(marks) : [], style: style)
        return frame.lines().joined(separator: "\n")
    }

    private func legend(_ marks: [Mark]) -> [String] {
        zip(series, marks).map { series, mark in
            switch mark {
            case .braille: return "⠒⠒ \(series.name)"
            case .character(let character): return "\(character)\(character) \(series.name)"
            }
        }
    }

    /// The y-axis over every plottable value of every series.
    func verticalScale() -> AxisScale {
        let targetTicks = max(height / 4, 2)
        var low = Double.infinity
        var high = -Double.infinity
        for series in series {
            for value in series.y where value.isFinite && (!logarithmicY || value > 0) {
                low = min(low, value)
                high = max(high, value)
            }
        }
        if let yCovers, !logarithmicY {
            low = min(low, yCovers.lowerBound)
            high = max(high, yCovers.upperBound)
        }
        guard low <= high else {
            return logarithmicY
                ? .logarithmic(low: 0.1, high: 1, targetTicks: targetTicks)
                : .linear(low: 0, high: 1, targetTicks: targetTicks, extendToTicks: true)
        }
        // Decades are far apart on screen, so a log axis can take a label every few rows.
        if logarithmicY { return .logarithmic(low: low, high: high, targetTicks: max(height / 3, 2)) }
        return .linear(low: low, high: high, targetTicks: targetTicks, extendToTicks: true)
    }

    /// The x-range of every series; the data decide it, not round numbers.
    func horizontalRange() -> ClosedRange<Double> {
        var low = Double.infinity
        var high = -Double.infinity
        for series in series {
            guard let x = placedX(series) else {
                // Default steps 1...count: no need to build the array to know its range.
                if !series.y.isEmpty {
                    low = min(low, 1)
                    high = max(high, Double(series.y.count))
                }
                continue
            }
            for value in x where value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return low <= high ? low...high : 0...1
    }

    /// The x-axis over `range` (in placed units: log10 of x on a log axis) with as many
    /// ticks as `plotWidth` text columns hold: round values, or powers of ten on a log axis.
    func horizontalScale(range: ClosedRange<Double>, plotWidth: Int) -> AxisScale {
        if logarithmicX {
            return .logarithmic(
                low: pow(10, range.lowerBound), high: pow(10, range.upperBound),
                targetTicks: max(plotWidth / 12, 2))
        }
        return .linear(
            low: range.lowerBound, high: range.upperBound, targetTicks: max(plotWidth / 12, 2),
            extendToTicks: false)
    }

    /// Where a series' points sit along x: its values, or log10 of them on a log axis (NaN,
    /// a gap, for those not positive); nil for the default steps 1, 2, 3, … on a linear axis.
    func placedX(_ series: Series) -> [Double]? {
        guard logarithmicX else { return series.x }
        let values = series.x ?? series.y.indices.map { Double($0 + 1) }
        return values.map { $0 > 0 ? log10($0) : .nan }
    }

    private func horizontalTicks(range: ClosedRange<Double>, plotWidth: Int) -> [(column: Int, label: String)]
    {
        let span = range.upperBound - range.lowerBound
        if logarithmicX {
            guard span > 0 else { return [(plotWidth / 2, NumberFormat().string(pow(10, range.lowerBound)))] }
            let scale = horizontalScale(range: range, plotWidth: plotWidth)
            return scale.ticks.map { tick in
                let fraction = (tick.position - range.lowerBound) / span
                return (column: Int((fraction * Double(plotWidth - 1)).rounded()), label: tick.label)
            }
        }
        guard span > 0 else { return [(plotWidth / 2, NumberFormat().string(range.lowerBound))] }
        let scale = horizontalScale(range: range, plotWidth: plotWidth)
        let ticks = scale.ticks.map { tick in
            let fraction = (tick.position - range.lowerBound) / span
            return (column: Int((fraction * Double(plotWidth - 1)).rounded()), label: tick.label)
        }
        // The first x is labelled too, unless a round tick already sits there (the frame
        // drops it if it would touch the next label).
        guard ticks.first?.column != 0 else { return ticks }
        return [(column: 0, label: NumberFormat().string(range.lowerBound))] + ticks
    }
}
