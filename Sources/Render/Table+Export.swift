import FileWriting

extension Table {
    /// How a table is laid out as JSON.
    public enum JSONLayout: Sendable, Equatable {
        /// An array with one object per row, keyed by header.
        case records
        /// One object mapping each header to the array of its column.
        case columns
    }

    /// A table of named series side by side (a training history); shorter series end in empty cells.
    public init(
        title: String? = nil, series: [(name: String, values: [Double])], footnote: String? = nil,
        numberFormat: NumberFormat = NumberFormat()
    ) {
        let length = series.map(\.values.count).max() ?? 0
        let rows = (0..<length).map { index in
            series.map { index < $0.values.count ? Cell.number($0.values[index]) : .empty }
        }
        // Every row is built with one cell per series, so construction cannot fail.
        self = try! Table(
            title: title, columns: series.map { Column($0.name) }, rows: rows, footnote: footnote,
            numberFormat: numberFormat)
    }

    /// The table as the text of a file in `format`. TSV, CSV and JSON hold the full-precision
    /// data (no title or footnote); Markdown and plain text hold what the notebook shows.
    public func exported(as format: ExportFormat, jsonLayout: JSONLayout = .records) -> String {
        switch format {
        case .tsv:
            let sanitize = { (text: String) in
                // TSV has no quoting: a tab or newline inside a field would split it.
                String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
            }
            let lines =
                [columns.map { sanitize($0.header) }] + rows.map { $0.map { sanitize(exportText($0)) } }
            return lines.map { $0.joined(separator: "\t") }.joined(separator: "\n") + "\n"
        case .csv:
            let lines =
                [columns.map { Self.csvField($0.header) }]
                + rows.map { $0.map { Self.csvField(exportText($0)) } }
            return lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        case .markdown:
            return markdown() + "\n"
        case .text:
            return plainText() + "\n"
        case .json:
            return json(layout: jsonLayout) + "\n"
        }
    }

    /// Writes the table to `path` in the format its extension names, atomically.
    public func export(to path: String, jsonLayout: JSONLayout = .records) throws(RenderError) {
        let format = try ExportFormat(path: path)
        try writeExport(exported(as: format, jsonLayout: jsonLayout), to: path)
    }

    /// A cell's text in a data file: numbers at full precision, sparklines as their values.
    private func exportText(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return text
        case .number(let value): return ExportNumber.text(value)
        case .sparkline(let values): return values.map(ExportNumber.text).joined(separator: " ")
        case .empty: return ""
        }
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func json(layout: JSONLayout) -> String {
        let keys = columns.map { jsonStringLiteral($0.header) }
        switch layout {
        case .records:
            guard !rows.isEmpty else { return "[]" }
            let objects = rows.map { row in
                "  {" + zip(keys, row).map { "\($0): \(JSONText.value($1))" }.joined(separator: ", ") + "}"
            }
            return "[\n" + objects.joined(separator: ",\n") + "\n]"
        case .columns:
            guard !columns.isEmpty else { return "{}" }
            let arrays = columns.indices.map { index in
                "  \(keys[index]): [" + rows.map { JSONText.value($0[index]) }.joined(separator: ", ") + "]"
            }
            return "{\n" + arrays.joined(separator: ",\n") + "\n}"
        }
    }
}

/// Numbers in data files: exact enough to read back the same Double.
enum ExportNumber {
    /// Integral values without a fraction, others in Swift's shortest round-trip form.
    static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// JSON text for table cells (RFC 8259).
enum JSONText {
    /// A cell as a JSON value: NaN and infinities become null, as JSON has no such numbers.
    static func value(_ cell: Table.Cell) -> String {
        switch cell {
        case .text(let text): return jsonStringLiteral(text)
        case .number(let value): return number(value)
        case .sparkline(let values): return "[" + values.map(number).joined(separator: ", ") + "]"
        case .empty: return "null"
        }
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? ExportNumber.text(value) : "null"
    }
}
