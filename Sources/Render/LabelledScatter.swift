/// Points drawn as their own labels on a character grid, with axes: a 2-D projection of an
/// embedding, each token where its vector falls. A label whose cell is taken goes to the
/// nearest free cell beside it; when none is free within one cell, `+` marks the crowd.
public struct LabelledScatter: Sendable, Equatable {
    /// A labelled point.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        /// Drawn as its first character.
        public var label: String

        public init(x: Double, y: Double, label: String) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    /// The mark of a cell where several labels met.
    public static let crowdMarker: Character = "+"

    public var title: String?
    public var points: [Point]
    public var xCaption: String?
    /// What y measures, named by the SVG picture (the text chart's y labels are its ticks).
    public var yCaption: String?
    public var legend: [String]
    public var width: Int
    public var height: Int
    public var style: RenderStyle

    public init(
        title: String? = nil, points: [Point], xCaption: String? = nil, yCaption: String? = nil,
        legend: [String] = [], width: Int = 72, height: Int = 20, style: RenderStyle = .unicode
    ) {
        self.title = title
        self.points = points
        self.xCaption = xCaption
        self.yCaption = yCaption
        self.legend = legend
        self.width = width
        self.height = height
        self.style = style
    }

    /// Fixed-width text, and the SVG picture.
    public func rendering() -> Rendering {
        Rendering(plain: plainText(), svg: svg())
    }

    /// The chart as lines of text joined by newlines.
    public func plainText() -> String {
        let xRange = Self.range(points.map(\.x))
        let yRange = Self.range(points.map(\.y))
        let rows = max(height, 4)
        let yScale = AxisScale.linear(
            low: yRange.lowerBound, high: yRange.upperBound, targetTicks: max(rows / 5, 2),
            extendToTicks: false)
        let columns = max(width - ChartFrame.marginWidth(yLabels: yScale.ticks.map(\.label)), 8)
        var cells = [[Character]](repeating: [Character](repeating: " ", count: columns), count: rows)
        var crowded = false
        let xSpan = xRange.upperBound - xRange.lowerBound
        let ySpan = yRange.upperBound - yRange.lowerBound
        func cell(_ point: Point) -> (row: Int, column: Int) {
            (
                min(Int((yRange.upperBound - point.y) / ySpan * Double(rows - 1) + 0.5), rows - 1),
                min(Int((point.x - xRange.lowerBound) / xSpan * Double(columns - 1) + 0.5), columns - 1)
            )
        }
        let neighbours = [(0, 1), (0, -1), (-1, 0), (1, 0), (-1, 1), (1, 1), (-1, -1), (1, -1)]
        for point in points {
            let label = point.label.first ?? "?"
            let (row, column) = cell(point)
            if cells[row][column] == " " {
                cells[row][column] = label
                continue
            }
            let free = neighbours.lazy.map { (row + $0.0, column + $0.1) }.first { r, c in
                r >= 0 && r < rows && c >= 0 && c < columns && cells[r][c] == " "
            }
            if let (r, c) = free {
                cells[r][c] = label
            } else {
                cells[row][column] = Self.crowdMarker
                crowded = true
            }
        }
        var yTicks: [Int: String] = [:]
        for tick in yScale.ticks {
            let row = min(
                max(Int((yRange.upperBound - tick.position) / ySpan * Double(rows - 1) + 0.5), 0), rows - 1)
            yTicks[row] = tick.label
        }
        let xScale = AxisScale.linear(
            low: xRange.lowerBound, high: xRange.upperBound, targetTicks: max(columns / 12, 2),
            extendToTicks: false)
        let xTicks = xScale.ticks.map { tick in
            (
                column: min(
                    max(Int((tick.position - xRange.lowerBound) / xSpan * Double(columns - 1) + 0.5), 0),
                    columns - 1),
                label: tick.label
            )
        }
        let frame = ChartFrame(
            title: title, plotRows: cells, yTicks: yTicks, xTicks: xTicks, xCaption: xCaption,
            legend: legend + (crowded ? ["\(Self.crowdMarker) several labels in one place"] : []),
            style: style)
        return frame.lines().joined(separator: "\n")
    }

    /// The values' range, widened when they are all equal so the axis has a span.
    static func range(_ values: [Double]) -> ClosedRange<Double> {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        return high > low ? low...high : (low - 1)...(high + 1)
    }
}
