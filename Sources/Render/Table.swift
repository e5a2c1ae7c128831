/// A table of text, numbers and sparklines, rendered as aligned plain text, HTML and Markdown.
///
/// ```swift
/// var table = try Table(title: "Losses", headers: ["net", "loss", "trend"])
/// try table.append([.text("xor"), .number(0.0123), .sparkline([0.7, 0.4, 0.1])])
/// let output = table.rendering()  // plain, html and markdown
/// ```
public struct Table: Sendable, Equatable {
    /// One column: its header and, optionally, a forced alignment.
    public struct Column: Sendable, Equatable {
        /// The header text.
        public var header: String
        /// `nil` aligns automatically: right when the column holds numbers, left otherwise.
        public var alignment: TextAlignment?

        /// A column headed `header`.
        public init(_ header: String, alignment: TextAlignment? = nil) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// One cell.
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// Formatted with the table's `numberFormat`, consistently within its column.
        case number(Double)
        /// A small trend chart (`▁▂▃▄▅▆▇█`) of the values.
        case sparkline([Double])
        case empty
    }

    /// A line above the table.
    public var title: String?
    /// The columns, left to right.
    public var columns: [Column]
    /// The rows; each has exactly one cell per column.
    public private(set) var rows: [[Cell]]
    /// A line below the table (a note, a shape, totals explained).
    public var footnote: String?
    /// Significant digits for number cells.
    public var numberFormat: NumberFormat
    /// When true all numbers of the table share one notation (a matrix); otherwise each
    /// column chooses its own.
    public var sharesNumberFormat: Bool
    /// Characters allowed in the plain-text form (rules and sparklines).
    public var style: RenderStyle
    /// Characters per sparkline cell.
    public var sparklineWidth: Int

    /// A table with the given columns and rows; throws if a row's length differs.
    public init(
        title: String? = nil, columns: [Column], rows: [[Cell]] = [], footnote: String? = nil,
        numberFormat: NumberFormat = NumberFormat(), sharesNumberFormat: Bool = false,
        style: RenderStyle = .unicode, sparklineWidth: Int = 12
    ) throws(RenderError) {
        self.title = title
        self.columns = columns
        self.rows = []
        self.footnote = footnote
        self.numberFormat = numberFormat
        self.sharesNumberFormat = sharesNumberFormat
        self.style = style
        self.sparklineWidth = sparklineWidth
        for row in rows {
            try append(row)
        }
    }

    /// A table whose columns align automatically, headed by `headers`.
    public init(
        title: String? = nil, headers: [String], rows: [[Cell]] = [], footnote: String? = nil,
        numberFormat: NumberFormat = NumberFormat(), style: RenderStyle = .unicode
    ) throws(RenderError) {
        try self.init(
            title: title, columns: headers.map { Column($0) }, rows: rows, footnote: footnote,
            numberFormat: numberFormat, style: style)
    }

    /// Adds a row at the bottom; throws if it has not one cell per column.
    public mutating func append(_ row: [Cell]) throws(RenderError) {
        guard row.count == columns.count else {
            throw .rowLength(row: rows.count, expected: columns.count, found: row.count)
        }
        rows.append(row)
    }

    /// The table in every form: aligned plain text, HTML and Markdown.
    public func rendering() -> Rendering {
        Rendering(plain: plainText(), html: html(), markdown: markdown())
    }

    /// Each cell as display text, numbers formatted per column (or table-wide).
    func formattedCells() -> [[String]] {
        var texts = rows.map { row in
            row.map { cell -> String in
                switch cell {
                case .text(let text): return text
                case .number: return ""
                case .sparkline(let values):
                    return Sparkline(values, width: sparklineWidth, style: style).text
                case .empty: return ""
                }
            }
        }
        let groups: [[Int]] = sharesNumberFormat ? [Array(columns.indices)] : columns.indices.map { [$0] }
        for group in groups {
            var positions: [(row: Int, column: Int)] = []
            var values: [Double] = []
            for (rowIndex, row) in rows.enumerated() {
                for column in group {
                    if case .number(let value) = row[column] {
                        positions.append((rowIndex, column))
                        values.append(value)
                    }
                }
            }
            for (position, text) in zip(positions, numberFormat.strings(values)) {
                texts[position.row][position.column] = text
            }
        }
        return texts
    }

    /// The alignment of each column: forced, or right for numbers and left for the rest.
    func resolvedAlignments() -> [TextAlignment] {
        columns.indices.map { index in
            if let forced = columns[index].alignment { return forced }
            let holdsNumbers = rows.contains { row in
                if case .number = row[index] { return true }
                return false
            }
            return holdsNumbers ? .right : .left
        }
    }
}

extension Table.Cell: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// A text cell.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A number cell.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A number cell holding an integer.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}
