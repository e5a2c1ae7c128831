/// The decision regions of a 2-D classifier as a character grid, with the data points marked.
///
/// Each cell shows the class predicted at its centre as a light shade (` `, `·`, `░`, …);
/// each data point is drawn over it with its own class's marker (`o`, `x`, `+`, …), so a
/// misclassified point is a marker sitting in another class's shade.
public struct DecisionMap: Sendable, Equatable {
    /// A data point and its true class.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var label: Int

        /// A point at (x, y) of class `label`.
        public init(x: Double, y: Double, label: Int) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    /// Region shades by class, by style.
    public static func regionShades(_ style: RenderStyle) -> [Character] {
        style == .unicode ? [" ", "·", "░", "▒", "▓"] : [" ", ".", ":", "=", "~"]
    }
    /// Point markers by class.
    public static let pointMarkers: [Character] = ["o", "x", "+", "*", "@", "$"]
    /// The marker of a cell holding points of several classes.
    public static let mixedMarker: Character = "&"

    public var title: String?
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// Predicted class per cell, top row (largest y) first.
    public let grid: [[Int]]
    /// Class names for the legend (indices when empty).
    public var classNames: [String]
    public var points: [Point]
    public var style: RenderStyle

    /// A map of `classify(x, y)` sampled at cell centres, `width` columns wide including labels.
    public init(
        title: String? = nil, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, width: Int = 72,
        height: Int = 24, classNames: [String] = [], points: [Point] = [], style: RenderStyle = .unicode,
        classify: (_ x: Double, _ y: Double) -> Int
    ) {
        let labels = Self.verticalScale(yRange, height: max(height, 2)).ticks.map(\.label)
        let columns = max(width - ChartFrame.marginWidth(yLabels: labels), 4)
        let rows = max(height, 2)
        let xStep = (xRange.upperBound - xRange.lowerBound) / Double(columns)
        let yStep = (yRange.upperBound - yRange.lowerBound) / Double(rows)
        let grid = (0..<rows).map { row in
            (0..<columns).map { column in
                classify(
                    xRange.lowerBound + (Double(column) + 0.5) * xStep,
                    yRange.upperBound - (Double(row) + 0.5) * yStep)
            }
        }
        self.init(
            title: title, xRange: xRange, yRange: yRange, grid: grid, classNames: classNames, points: points,
            style: style)
    }

    /// A map of classes already computed per cell (top row first).
    public init(
        title: String? = nil, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, grid: [[Int]],
        classNames: [String] = [], points: [Point] = [], style: RenderStyle = .unicode
    ) {
        self.title = title
        self.xRange = xRange
        self.yRange = yRange
        self.grid = grid
        self.classNames = classNames
        self.points = points
        self.style = style
    }

    /// Classes from a grid of probabilities: of class 1 for a binary classifier (`p >= 0.5`
    /// is class 1), so a sigmoid output can be passed as it is.
    public static func classes(fromProbabilities probabilities: [[Double]]) -> [[Int]] {
        probabilities.map { row in row.map { $0 >= 0.5 ? 1 : 0 } }
    }

    /// Classes from a grid of per-class probabilities (softmax outputs): the most probable
    /// class in each cell, the first one on ties.
    public static func classes(fromClassProbabilities probabilities: [[[Double]]]) -> [[Int]] {
        probabilities.map { row in
            row.map { cell in
                cell.indices.max { cell[$0] < cell[$1] || (cell[$0] == cell[$1] && $0 > $1) } ?? 0
            }
        }
    }

    /// Fixed-width text, and the same picture in SVG.
    public func rendering() -> Rendering {
        Rendering(plain: plainText(), svg: svg())
    }

    static func verticalScale(_ range: ClosedRange<Double>, height: Int) -> AxisScale {
        .linear(
            low: range.lowerBound, high: range.upperBound, targetTicks: max(height / 5, 2),
            extendToTicks: false)
    }

    /// The map as lines of text joined by newlines.
    public func plainText() -> String {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        let shades = Self.regionShades(style)
        var cells = grid.map { row in row.map { shades[(($0 % shades.count) + shades.count) % shades.count] }
        }
        var pointClass = [[Int?]](repeating: Array(repeating: nil, count: columns), count: rows)
        var mixed = false
        let xSpan = xRange.upperBound - xRange.lowerBound
        let ySpan = yRange.upperBound - yRange.lowerBound
        for point in points where xRange.contains(point.x) && yRange.contains(point.y) {
            let column = min(Int((point.x - xRange.lowerBound) / xSpan * Double(columns)), columns - 1)
            let row = min(Int((yRange.upperBound - point.y) / ySpan * Double(rows)), rows - 1)
            if let existing = pointClass[row][column], existing != point.label {
                cells[row][column] = Self.mixedMarker
                mixed = true
                continue
            }
            if pointClass[row][column] == nil {
                pointClass[row][column] = point.label
                cells[row][column] = Self.pointMarkers[abs(point.label) % Self.pointMarkers.count]
            }
        }
        var yTicks: [Int: String] = [:]
        for tick in Self.verticalScale(yRange, height: rows).ticks {
            let row = min(max(Int((yRange.upperBound - tick.position) / ySpan * Double(rows)), 0), rows - 1)
            yTicks[row] = tick.label
        }
        let xScale = AxisScale.linear(
            low: xRange.lowerBound, high: xRange.upperBound, targetTicks: max(columns / 12, 2),
            extendToTicks: false)
        let xTicks = xScale.ticks.map { tick in
            (
                column: min(Int((tick.position - xRange.lowerBound) / xSpan * Double(columns)), columns - 1),
                label: tick.label
            )
        }
        let frame = ChartFrame(
            title: title, plotRows: cells, yTicks: yTicks, xTicks: xTicks, xCaption: nil,
            legend: legend(mixed: mixed), style: style)
        return frame.lines().joined(separator: "\n")
    }

    private func legend(mixed: Bool) -> [String] {
        let classes = Set(grid.joined()).union(points.map(\.label)).sorted()
        let shades = Self.regionShades(style)
        func name(_ label: Int) -> String {
            label >= 0 && label < classNames.count ? classNames[label] : "class \(label)"
        }
        let regions = classes.map {
            "'\(shades[((($0 % shades.count) + shades.count) % shades.count)])' \(name($0))"
        }
        let markers = classes.map { "\(Self.pointMarkers[abs($0) % Self.pointMarkers.count]) \(name($0))" }
        var entries = ["regions: " + regions.joined(separator: ", ")]
        entries.append("points: " + markers.joined(separator: ", ") + (mixed ? ", & several classes" : ""))
        return entries
    }
}
