import Foundation
import Render

/// Formats numbers and values with a number of significant digits, as the session's `digits` sets.
struct ValueFormatter {
    var digits: Int

    /// A number with `digits` significant digits and no trailing zeros: 0.5, 3, 0.001, 1.235e+07;
    /// whole numbers in full.
    func format(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        if number == 0 { return "0" }
        // Counts (steps, epochs, sizes) read as whole numbers, not as 3e+04.
        if number == number.rounded(), number.magnitude < 1e15 { return String(Int(number)) }
        return String(format: "%.\(max(1, digits))g", number)
    }

    /// A value as `print` writes it: on one line, strings without quotes, tensors as nested lists.
    func printText(_ value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .tensor(_, let values, let shape) where shape.count == 2 && shape[1] > 0:
            let rows = stride(from: 0, to: values.count, by: shape[1]).map {
                "[" + values[$0..<($0 + shape[1])].map(format).joined(separator: ", ") + "]"
            }
            return "[" + rows.joined(separator: ", ") + "]"
        default: return inlineText(value)
        }
    }

    /// A value's `text/plain`: strings without quotes, matrices as aligned rows.
    func plainText(_ value: Value) -> String {
        switch value {
        case .number(let number):
            return format(number)
        case .string(let text):
            return text
        case .list:
            if let rows = value.matrixRows { return matrixText(rows) }
            return inlineText(value)
        case .tensor, .rendered:
            return rendering(value).plain
        }
    }

    /// A value in every form it has: tensors and tables also as HTML and Markdown.
    func rendering(_ value: Value) -> Rendering {
        switch value {
        case .tensor(let name, let values, let shape):
            guard let matrix = try? MatrixTable(values: values, shape: shape) else {
                return Rendering(plain: inlineText(.list(values.map(Value.number))))
            }
            return matrix.table(
                title: name.isEmpty ? nil : name, numberFormat: NumberFormat(significantDigits: digits)
            )
            .rendering()
        case .rendered(let rendering):
            return rendering
        default:
            return Rendering(plain: plainText(value))
        }
    }

    /// Text inside a list, where strings keep their quotes.
    private func inlineText(_ value: Value) -> String {
        switch value {
        case .number(let number): return format(number)
        case .string(let text): return "\"\(text)\""
        case .list(let items): return "[" + items.map(inlineText).joined(separator: ", ") + "]"
        case .tensor(_, let values, _): return "[" + values.map(format).joined(separator: ", ") + "]"
        case .rendered(let rendering): return rendering.plain
        }
    }

    /// `[[1,    2.5],` / ` [-3,   4]]` with columns right-aligned.
    private func matrixText(_ rows: [[Double]]) -> String {
        let cells = rows.map { $0.map(format) }
        let columns = cells.first?.count ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in cells {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        let lines = cells.enumerated().map { index, row in
            let body = row.enumerated().map { column, cell in
                String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: ", ")
            let open = index == 0 ? "[[" : " ["
            let close = index == cells.count - 1 ? "]]" : "],"
            return open + body + close
        }
        return lines.joined(separator: "\n")
    }
}
