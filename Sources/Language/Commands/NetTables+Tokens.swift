import Engine
import Render

extension NetTables {
    /// `show data` of a token data set (`words "FILE"`, `text "FILE"`): the vocabulary with how often each
    /// token is the one to predict, and the first examples as text, `..e → m`, rather than the
    /// ids' means and deviations, which mean nothing.
    func tokenData(_ record: DataRecord, vocabulary characters: CharacterVocabulary) throws -> Rendering {
        let dataset = record.training
        let vocabulary = characters.symbols
        let counts = dataset.summary().classCounts
        let total = max(1, counts.reduce(0, +))
        let columns = 3
        let perColumn = (vocabulary.count + columns - 1) / columns
        var rows: [[Table.Cell]] = []
        for row in 0..<perColumn {
            var cells: [Table.Cell] = []
            for column in 0..<columns {
                let id = column * perColumn + row
                guard id < vocabulary.count else {
                    cells += [.empty, .empty, .empty]
                    continue
                }
                let count = id < counts.count ? counts[id] : 0
                cells += [
                    .number(Double(id)), .text(vocabulary[id]),
                    .text(NumberFormat.percent(Double(count) / Double(total))),
                ]
            }
            rows.append(cells)
        }
        var footnote =
            "\(vocabulary.count) tokens; % next: how often each is the character to predict, in "
            + "\(dataset.count) examples for training"
        if let validation = record.validation { footnote += " (\(validation.count) for validation)" }
        footnote += "; " + dataset.source
        let group = [Table.Column("id"), Table.Column("token"), Table.Column("% next", alignment: .right)]
        let table = try Table(
            title: "data \(record.name): vocabulary",
            columns: Array(repeating: group, count: columns).flatMap { $0 }, rows: rows,
            footnote: footnote, numberFormat: NumberFormat(significantDigits: digits))
        let shown = min(dataset.count, 8)
        let examples = (0..<shown).map { row -> [Table.Cell] in
            let context = dataset.input(row).map { vocabulary[Int($0)] }.joined()
            let next = vocabulary[Int(dataset.target(row).first ?? 0)]
            return [
                .number(Double(row)), .text(context), .text(next),
                .text(dataset.input(row).map { String(Int($0)) }.joined(separator: " ")),
                .number(dataset.target(row).first ?? 0),
            ]
        }
        let preview = try Table(
            title: "first examples (" + dataset.featureNames.joined(separator: ", ") + " → next)",
            headers: ["row", "context", "next", "ids", "next id"], rows: examples,
            footnote: characters.wordEnd == nil
                ? "each character after the first \(dataset.featureCount) of the text is an example"
                : ". pads the start of a word and ends it",
            numberFormat: NumberFormat(significantDigits: digits))
        return Rendering.stacked([table.rendering(), preview.rendering()])
    }
}
