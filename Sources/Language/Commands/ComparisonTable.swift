import Render

/// `show compare a b c [target=T]` and `export compare a b c "FILE"`: several nets' training in one table.
enum ComparisonTable {
    /// The nets named by the arguments from `first` up to (not including) `end`; every net with a
    /// history when none is named.
    static func records(
        _ command: CommandStatement, from first: Int, to end: Int, in context: ExecutionContext
    ) throws -> [NetRecord] {
        var records: [NetRecord] = []
        for index in first..<max(first, end) {
            let expression = try ArgumentReader.expression(command, at: index)
            guard let name = expression.name else {
                throw LanguageError.expected(what: "a net name", at: expression.range)
            }
            records.append(try context.netRecord(name, at: expression.range))
        }
        if records.isEmpty {
            records = context.state.netOrder.compactMap { context.state.nets[$0] }
                .filter { !$0.history.records.isEmpty }
        }
        guard !records.isEmpty else {
            throw LanguageError.lacks(
                owner: nil, what: "trained net to compare",
                remedy: "train some nets first, then: show compare a b", at: command.range)
        }
        return records
    }

    /// One row per net: steps, final, best and validation loss, accuracy, steps to `target`, loss trend.
    static func table(_ records: [NetRecord], target: Double?, digits: Int) throws -> Table {
        let formatter = ValueFormatter(digits: digits)
        let hasValidation = records.contains { $0.history.records.contains { $0.validationLoss != nil } }
        let hasAccuracy = records.contains { $0.history.records.contains { $0.accuracy != nil } }
        var headers = ["net", "steps", "final loss", "best loss"]
        if hasValidation { headers.append("val_loss") }
        if hasAccuracy { headers.append("accuracy") }
        if let target { headers.append("steps to loss≤\(formatter.format(target))") }
        headers.append("loss trend")
        let rows = records.map { record -> [Table.Cell] in
            let history = record.history.records
            // The net as it is: the best epoch when early stopping restored it, else the last
            // log as made; and the lowest logged loss, whatever the downsampling.
            let latest = record.restored ?? record.history.latest
            var row: [Table.Cell] = [
                .text(record.name), .number(Double(record.steps)),
                latest.map { .number($0.loss) } ?? .empty,
                record.history.lowestLoss.map { .number($0.loss) } ?? .empty,
            ]
            if hasValidation { row.append(latest?.validationLoss.map(Table.Cell.number) ?? .empty) }
            if hasAccuracy { row.append(latest?.accuracy.map(Table.Cell.number) ?? .empty) }
            if let target {
                // The first logged step at or under the target; "never" when training did not get there.
                // Downsampled, it is the lowest log of the first point that got there.
                row.append(
                    history.first { $0.lowestLoss <= target }.map { .number(Double($0.lowestLossStep)) }
                        ?? .text("never"))
            }
            row.append(history.isEmpty ? .empty : .sparkline(history.map(\.loss)))
            return row
        }
        var footnote = "losses over the training set as logged, each after its step"
        if hasValidation || hasAccuracy { footnote += "; val_loss and accuracy at the last log" }
        let restored = records.compactMap { record in
            record.restored.map { "\(record.name) at step \($0.step) (epoch \($0.epoch))" }
        }
        if !restored.isEmpty {
            footnote +=
                "; final columns of the best epoch's weights, restored by patience=: "
                + restored.joined(separator: ", ")
        }
        let downsampled = records.filter(\.history.isDownsampled).map(\.name)
        if !downsampled.isEmpty {
            footnote +=
                "; the history of \(downsampled.joined(separator: ", ")) is downsampled: its trend is of "
                + "point means, and steps to a target is the lowest log of the first point reaching it"
        }
        return try Table(
            title: "comparison of " + records.map(\.name).joined(separator: ", "), headers: headers,
            rows: rows,
            footnote: footnote, numberFormat: NumberFormat(significantDigits: digits))
    }
}
