/// A matrix as shaded characters: a signed ramp (`-=≡■` below zero, `░▒▓█` above) with a
/// scale legend, row and column labels, and block means when the matrix is too big to show.
public struct Heatmap: Sendable, Equatable {
    /// Shades for positive magnitudes, weakest first, by style.
    public static func positiveRamp(_ style: RenderStyle) -> [Character] {
        style == .unicode ? ["░", "▒", "▓", "█"] : [".", ":", "+", "#"]
    }
    /// Shades for negative magnitudes, weakest first, by style.
    public static func negativeRamp(_ style: RenderStyle) -> [Character] {
        style == .unicode ? ["-", "=", "≡", "■"] : ["-", "=", "%", "@"]
    }

    public var title: String?
    /// Row-major values.
    public let values: [Double]
    /// `[rows, columns]`.
    public let shape: [Int]
    /// Labels for rows (indices when nil).
    public var rowLabels: [String]?
    /// Labels for columns (indices when nil).
    public var columnLabels: [String]?
    /// Total width in columns.
    public var width: Int
    /// Most rows shown before rows are averaged in blocks.
    public var maxRows: Int
    public var style: RenderStyle

    /// A heatmap of a `[rows, columns]` matrix; throws if the values do not fill it.
    public init(
        title: String? = nil, values: [Double], shape: [Int], rowLabels: [String]? = nil,
        columnLabels: [String]? = nil, width: Int = 72, maxRows: Int = 32, style: RenderStyle = .unicode
    ) throws(RenderError) {
        guard shape.count == 2, shape.allSatisfy({ $0 > 0 }), shape[0] * shape[1] == values.count else {
            throw .matrixShape(shape: shape, valueCount: values.count)
        }
        self.title = title
        self.values = values
        self.shape = shape
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.width = width
        self.maxRows = max(maxRows, 1)
        self.style = style
    }

    /// A heatmap of a matrix given by rows; throws if they differ in length.
    public init(title: String? = nil, rows: [[Double]], style: RenderStyle = .unicode) throws(RenderError) {
        let columns = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == columns }) else {
            throw .matrixShape(shape: [rows.count, columns], valueCount: rows.map(\.count).reduce(0, +))
        }
        try self.init(title: title, values: rows.flatMap { $0 }, shape: [rows.count, columns], style: style)
    }

    /// Fixed-width text, and the same matrix as an SVG picture.
    public func rendering() -> Rendering {
        Rendering(plain: plainText(), svg: svg())
    }

    /// The shade for `value` on a scale whose strongest shade is `largest` in magnitude.
    static func shade(_ value: Double, largest: Double, style: RenderStyle) -> Character {
        guard value.isFinite else { return "?" }
        guard value != 0, largest > 0 else { return " " }
        let ramp = value > 0 ? positiveRamp(style) : negativeRamp(style)
        let level = Int((abs(value) / largest * Double(ramp.count)).rounded(.up))
        return ramp[min(max(level, 1), ramp.count) - 1]
    }

    /// What the text and the SVG picture share: the cells shown (block means when the matrix
    /// is pooled), their labels, and the largest magnitude, which the scale spans.
    struct Layout {
        let rowBlock: Int
        let columnBlock: Int
        let shownRows: Int
        let shownColumns: Int
        /// Row-major values of the shown cells.
        let pooled: [Double]
        let largest: Double
        /// Labels of every row; a pooled row is labelled by its first row.
        let rowLabels: [String]
        let rowLabelWidth: Int
        /// Characters per cell in the text.
        let cellWidth: Int
    }

    func layout() -> Layout {
        let rows = shape[0]
        let columns = shape[1]
        let labelsOfRows = rowLabels ?? (0..<rows).map(String.init)
        // Pooling merges labels, so pooled rows are labelled by their first row.
        let rowBlock = (rows + maxRows - 1) / maxRows
        let shownRows = (rows + rowBlock - 1) / rowBlock
        let rowLabelWidth = (0..<shownRows).map { DisplayWidth.of(labelsOfRows[$0 * rowBlock]) }.max() ?? 0
        let available = max(width - rowLabelWidth - 1, 1)
        // Two characters per cell look square; wider cells make room for long column labels;
        // narrow matrices fall back to one character, then to column blocks.
        let longestLabel = (columnLabels ?? []).map { DisplayWidth.of($0) }.max() ?? 0
        let labelledWidth = max(2, longestLabel + 1)
        let cellWidth =
            columns * labelledWidth <= available ? labelledWidth : columns * 2 <= available ? 2 : 1
        let columnBlock = (columns + available - 1) / available
        let shownColumns = (columns + columnBlock - 1) / columnBlock
        let pooled = Self.blockMeans(
            values, rows: rows, columns: columns, rowBlock: rowBlock, columnBlock: columnBlock)
        // The scale spans what is drawn (block means when pooled), so the full ramp is used.
        let largest = pooled.filter { $0.isFinite }.map { abs($0) }.max() ?? 0
        return Layout(
            rowBlock: rowBlock, columnBlock: columnBlock, shownRows: shownRows, shownColumns: shownColumns,
            pooled: pooled, largest: largest, rowLabels: labelsOfRows, rowLabelWidth: rowLabelWidth,
            cellWidth: cellWidth)
    }

    /// The heatmap as lines of text joined by newlines.
    public func plainText() -> String {
        let layout = layout()
        let labelsOfRows = layout.rowLabels
        let (rowBlock, shownRows, rowLabelWidth) = (layout.rowBlock, layout.shownRows, layout.rowLabelWidth)
        let (columnBlock, shownColumns, cellWidth) = (
            layout.columnBlock, layout.shownColumns, layout.cellWidth
        )
        let (pooled, largest) = (layout.pooled, layout.largest)

        var lines: [String] = []
        if let title { lines.append(title) }
        lines.append(
            String(repeating: " ", count: rowLabelWidth + 1)
                + columnHeader(
                    shownColumns: shownColumns, columnBlock: columnBlock, cellWidth: cellWidth))
        for row in 0..<shownRows {
            let label = DisplayWidth.pad(labelsOfRows[row * rowBlock], to: rowLabelWidth, alignment: .right)
            let shades = (0..<shownColumns).map { column in
                String(
                    repeating: Self.shade(
                        pooled[row * shownColumns + column], largest: largest, style: style),
                    count: cellWidth)
            }
            lines.append(String((label + " " + shades.joined()).trimmingTrailingSpaces()))
        }
        lines.append(legend(largest: largest))
        lines.append(note(layout))
        return lines.joined(separator: "\n")
    }

    /// The matrix's shape, and how it was pooled when it was.
    func note(_ layout: Layout) -> String {
        var note = "[\(shape[0]), \(shape[1])]"
        if layout.rowBlock > 1 || layout.columnBlock > 1 {
            note +=
                ", shown as \(layout.shownRows) × \(layout.shownColumns) means of "
                + "\(layout.rowBlock) × \(layout.columnBlock) blocks"
        }
        return note
    }

    /// Column labels at their cells, every `stride` columns so that the longest fits with a
    /// space after it; a regular spacing reads as a ruler.
    private func columnHeader(shownColumns: Int, columnBlock: Int, cellWidth: Int) -> String {
        let labels = columnLabels ?? (0..<shape[1]).map(String.init)
        let shownLabels = (0..<shownColumns).map { labels[$0 * columnBlock] }
        let longest = shownLabels.map { DisplayWidth.of($0) }.max() ?? 0
        let stride = max(1, (longest + 1 + cellWidth - 1) / cellWidth)
        var text = ""
        for column in Swift.stride(from: 0, to: shownColumns, by: stride) {
            let label = DisplayWidth.truncate(shownLabels[column], to: stride * cellWidth - 1)
            text += DisplayWidth.pad(label, to: stride * cellWidth)
        }
        return String(text.trimmingTrailingSpaces())
    }

    /// The ramp from the strongest negative to the strongest positive shade, with its values.
    private func legend(largest: Double) -> String {
        let format = NumberFormat(significantDigits: 3)
        let ends = format.strings([-largest, largest])
        let negative = String(Self.negativeRamp(style).reversed())
        let positive = String(Self.positiveRamp(style))
        let step = format.string(largest / Double(Self.positiveRamp(style).count))
        return "scale \(ends[0]) \(negative) 0 \(positive) \(ends[1])  (one shade per \(step); blank is 0)"
    }

    /// Means of `rowBlock` × `columnBlock` blocks (finite values only; NaN when none).
    static func blockMeans(
        _ values: [Double], rows: Int, columns: Int, rowBlock: Int, columnBlock: Int
    ) -> [Double] {
        let shownRows = (rows + rowBlock - 1) / rowBlock
        let shownColumns = (columns + columnBlock - 1) / columnBlock
        if rowBlock == 1 && columnBlock == 1 { return values }
        var means: [Double] = []
        means.reserveCapacity(shownRows * shownColumns)
        for blockRow in 0..<shownRows {
            for blockColumn in 0..<shownColumns {
                var sum = 0.0
                var count = 0
                for row in (blockRow * rowBlock)..<min((blockRow + 1) * rowBlock, rows) {
                    for column in (blockColumn * columnBlock)..<min((blockColumn + 1) * columnBlock, columns)
                    {
                        let value = values[row * columns + column]
                        if value.isFinite { sum += value; count += 1 }
                    }
                }
                means.append(count > 0 ? sum / Double(count) : .nan)
            }
        }
        return means
    }
}
