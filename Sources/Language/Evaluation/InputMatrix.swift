/// Reads an inputs matrix literal for a net, checking its width.
enum InputMatrix {
    static func read(_ expression: ValueExpression, width: Int, net: String) throws(LanguageError)
        -> [[Double]]
    {
        let value = try ExpressionEvaluator.evaluate(expression, in: SessionState())
        var rows = value.matrixRows
        if rows == nil, case .list(let items) = value {
            let numbers = items.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
            if numbers.count == items.count, !numbers.isEmpty { rows = [numbers] }
        }
        guard let rows, !rows.isEmpty else {
            throw LanguageError.shapeMismatch(
                why: "expected a matrix of inputs such as [[0, 1], [1, 1]]", at: expression.range)
        }
        guard rows[0].count == width else {
            throw LanguageError.shapeMismatch(
                why: "net '\(net)' takes \(width) inputs per row but the rows have \(rows[0].count)",
                notes: ["inputs shape [\(rows.count), \(rows[0].count)], L1.W shape [\(width), …]"],
                at: expression.range)
        }
        return rows
    }
}
