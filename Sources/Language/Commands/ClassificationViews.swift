import Engine
import Foundation
import Render

/// `show confusion` and `show misclassified`: where a classifier goes wrong.
enum ClassificationViews {
    /// A net's answers on every example of a classification data set.
    struct Answers {
        var dataset: Dataset
        /// The data set's name in the session (the part's own name carries a suffix).
        var dataName: String
        /// Which part of the data set: "validation" or "training".
        var part: String
        var truth: [Int]
        var predicted: [Int]
        /// The probability the net gives its predicted class.
        var confidence: [Double]
        var classCount: Int

        func className(_ index: Int) -> String {
            index < dataset.classNames.count ? dataset.classNames[index] : String(index)
        }
    }

    /// The net's answers on the validation part when there is one (the honest test), else the training part.
    static func answers(_ record: NetRecord, on data: DataRecord, at range: SourceRange?) throws -> Answers {
        let dataset = data.validation ?? data.training
        guard let classCount = dataset.task.classCount, let truth = try? dataset.classIndices() else {
            throw LanguageError.lacks(
                owner: "data set '\(data.name)'", what: "classes to confuse",
                remedy: "confusion and misclassified are for classification data", at: range)
        }
        try StepMechanics.check(dataset, fits: record, at: range)
        let inputs = (0..<dataset.count).flatMap { Array(dataset.input($0)) }
        let outputs = try record.network.predict(inputs, rows: dataset.count)
        let predicted = Metrics.predictedClasses(record, outputs: outputs, rows: dataset.count)
        let width = outputs.count / max(1, dataset.count)
        let confidence = predicted.indices.map { row in
            probabilities(Array(outputs[(row * width)..<((row + 1) * width)]), record: record)
                .map { $0[min(predicted[row], $0.count - 1)] } ?? .nan
        }
        return Answers(
            dataset: dataset, dataName: data.name, part: data.validation == nil ? "training" : "validation",
            truth: truth,
            predicted: predicted, confidence: confidence, classCount: max(2, classCount))
    }

    /// One row's outputs as class probabilities: as they are when they already are, else through softmax
    /// (or the logistic function for one logit); nil for the classic threshold rules.
    private static func probabilities(_ outputs: [Double], record: NetRecord) -> [Double]? {
        guard record.rule == .backprop else { return nil }
        if outputs.count == 1 {
            let value = outputs[0]
            let p =
                record.loss.kind == .bceWithLogits || value < 0 || value > 1 ? 1 / (1 + exp(-value)) : value
            return [1 - p, p]
        }
        let sum = outputs.reduce(0, +)
        if outputs.allSatisfy({ $0 >= 0 && $0 <= 1 }), abs(sum - 1) < 1e-3 { return outputs }
        let largest = outputs.max() ?? 0
        let exponentials = outputs.map { exp($0 - largest) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }

    /// Counts of true class (rows) against predicted class (columns), with recall per row, precision
    /// per column and the overall accuracy.
    static func confusion(_ answers: Answers, net: String, digits: Int) throws -> Rendering {
        let classes = answers.classCount
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (truth, predicted) in zip(answers.truth, answers.predicted)
        where truth < classes && predicted < classes {
            counts[truth][predicted] += 1
        }
        let names = (0..<classes).map(answers.className)
        let formatter = ValueFormatter(digits: digits)
        // Counts are whole numbers and ratios fractions: each cell is formatted on its own.
        func ratio(_ part: Int, _ whole: Int) -> Table.Cell {
            .text(whole == 0 ? "–" : formatter.format(Double(part) / Double(whole)))
        }
        var rows = (0..<classes).map { truth -> [Table.Cell] in
            [.text(names[truth])] + counts[truth].map { .text(String($0)) }
                + [ratio(counts[truth][truth], counts[truth].reduce(0, +))]
        }
        let precision = (0..<classes).map { predicted in
            ratio(counts[predicted][predicted], (0..<classes).map { counts[$0][predicted] }.reduce(0, +))
        }
        rows.append([.text("precision")] + precision + [.empty])
        let correct = (0..<classes).map { counts[$0][$0] }.reduce(0, +)
        let total = answers.truth.count
        let accuracy = total == 0 ? 0 : Double(correct) / Double(total)
        let footnote =
            "rows: true class, columns: predicted; accuracy \(formatter.format(accuracy)) "
            + "(\(correct) of \(total) \(answers.part) examples of \(answers.dataName))"
        return try Table(
            title: "confusion of \(net) on \(answers.dataName) (\(answers.part))",
            columns: [Table.Column("true \\ predicted")]
                + (names + ["recall"]).map { Table.Column($0, alignment: .right) },
            rows: rows, footnote: footnote
        ).rendering()
    }

    /// The examples the net gets wrong, most confident first; 64-feature examples (8×8 digits) also
    /// drawn as heatmaps.
    static func misclassified(_ answers: Answers, net: String, limit: Int, digits: Int) throws -> Rendering {
        let wrong = answers.truth.indices.filter { answers.truth[$0] != answers.predicted[$0] }
        let shown = Array(
            wrong.sorted { answers.confidence[$0] > answers.confidence[$1] || answers.confidence[$1].isNaN }
                .prefix(limit))
        let rows = shown.map { row -> [Table.Cell] in
            [
                .number(Double(row)), .text(answers.className(answers.truth[row])),
                .text(answers.className(answers.predicted[row])),
                answers.confidence[row].isNaN ? .empty : .number(answers.confidence[row]),
            ]
        }
        var footnote =
            "\(wrong.count) of \(answers.truth.count) \(answers.part) examples of \(answers.dataName) "
            + "misclassified"
        if wrong.count > shown.count {
            footnote += "; the \(shown.count) most confident shown (limit=N for more)"
        }
        let table = try Table(
            title: "misclassified by \(net) on \(answers.dataName) (\(answers.part))",
            headers: ["index", "true", "predicted", "confidence"], rows: rows, footnote: footnote,
            numberFormat: NumberFormat(significantDigits: digits))
        guard answers.dataset.featureCount == 64 else { return table.rendering() }
        let pictures = try shown.map { row in
            try Heatmap(
                title: "example \(row): true \(answers.className(answers.truth[row])), "
                    + "predicted \(answers.className(answers.predicted[row]))",
                values: Array(answers.dataset.input(row)), shape: [8, 8]
            ).rendering()
        }
        return Rendering.stacked([table.rendering()] + pictures)
    }
}
