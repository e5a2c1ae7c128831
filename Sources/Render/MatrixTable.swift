/// A matrix (or vector) as a table with row and column indices, elided in the middle
/// when it is larger than the rows and columns shown.
///
/// A `[784, 256]` matrix shown with the defaults keeps its first and last four rows and
/// columns, marks the gap with `⋮` and `…`, and notes `[784, 256], showing 8 of 784 rows
/// and 8 of 256 columns` under the table.
public struct MatrixTable: Sendable, Equatable {
    /// Row-major values.
    public let values: [Double]
    /// `[rows, columns]`, or `[count]` for a vector (shown as one row).
    public let shape: [Int]
    /// Most rows shown before the middle ones are elided.
    public var maxRows: Int
    /// Most columns shown before the middle ones are elided.
    public var maxColumns: Int

    /// A matrix of the given shape; throws if the values do not fill it exactly.
    public init(values: [Double], shape: [Int], maxRows: Int = 8, maxColumns: Int = 8) throws(RenderError) {
        guard (1...2).contains(shape.count), shape.allSatisfy({ $0 >= 0 }),
            shape.reduce(1, *) == values.count
        else { throw .matrixShape(shape: shape, valueCount: values.count) }
        self.values = values
        self.shape = shape
        self.maxRows = max(maxRows, 2)
        self.maxColumns = max(maxColumns, 2)
    }

    /// A matrix from its rows; throws if the rows differ in length.
    public init(rows: [[Double]], maxRows: Int = 8, maxColumns: Int = 8) throws(RenderError) {
        let columnCount = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == columnCount }) else {
            throw .matrixShape(shape: [rows.count, columnCount], valueCount: rows.map(\.count).reduce(0, +))
        }
        try self.init(
            values: rows.flatMap { $0 }, shape: [rows.count, columnCount], maxRows: maxRows,
            maxColumns: maxColumns)
    }

    var rowCount: Int { shape.count == 2 ? shape[0] : 1 }
    var columnCount: Int { shape.count == 2 ? shape[1] : shape[0] }

    /// The indices shown along an axis of `count`, with `nil` where the elided middle goes.
    public static func shownIndices(count: Int, limit: Int) -> [Int?] {
        guard count > limit else { return Array(0..<count) }
        let head = (limit + 1) / 2
        let tail = limit / 2
        return Array(0..<head) + [nil] + Array((count - tail)..<count)
    }

    /// The matrix as a table; numbers share one format across the whole matrix.
    public func table(
        title: String? = nil, numberFormat: NumberFormat = NumberFormat(), style: RenderStyle = .unicode
    ) -> Table {
        let rowIndices = shape.count == 2 ? Self.shownIndices(count: rowCount, limit: maxRows) : [0]
        let columnIndices = Self.shownIndices(count: columnCount, limit: maxColumns)
        let across = style == .unicode ? "…" : "..."
        let down = style == .unicode ? "⋮" : ":"
        // A vector is one row, so it needs no row index column.
        let hasRowIndex = shape.count == 2
        var columns = hasRowIndex ? [Table.Column("", alignment: .right)] : []
        columns += columnIndices.map { Table.Column($0.map(String.init) ?? across, alignment: .right) }
        let rows: [[Table.Cell]] = rowIndices.map { row in
            guard let row else { return [.text(down)] + columnIndices.map { _ in .text(down) } }
            let label: [Table.Cell] = hasRowIndex ? [.text(String(row))] : []
            return label
                + columnIndices.map { column in
                    guard let column else { return .text(across) }
                    return .number(values[row * columnCount + column])
                }
        }
        // Rows always have one cell per column here, so construction cannot fail.
        return try! Table(
            title: title, columns: columns, rows: rows, footnote: footnote(), numberFormat: numberFormat,
            sharesNumberFormat: true, style: style)
    }

    /// The shape, and what part of the matrix is shown when some is elided.
    func footnote() -> String {
        var parts: [String] = []
        if shape.count == 2 && rowCount > maxRows { parts.append("\(maxRows) of \(rowCount) rows") }
        if columnCount > maxColumns {
            parts.append("\(maxColumns) of \(columnCount) \(shape.count == 2 ? "columns" : "values")")
        }
        let shapeText = "[" + shape.map(String.init).joined(separator: ", ") + "]"
        return parts.isEmpty ? shapeText : "\(shapeText), showing " + parts.joined(separator: " and ")
    }
}
