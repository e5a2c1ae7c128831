import Engine
import Render

/// `show`, `predict`: looking at a net and what it does.
enum ViewCommands {
    static func show(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let topic = try ArgumentReader.word(command, at: 0)
        if topic == "compare" {
            let records = try ComparisonTable.records(
                command, from: 1, to: command.arguments.count, in: context)
            context.show(
                try ComparisonTable.table(
                    records, target: OptionReader.number(command, "target"), digits: context.state.digits
                ).rendering())
            return
        }
        if topic == "vars" {
            if command.arguments.count > 1 {
                throw LanguageError.argumentForm(
                    command: "show vars", takes: "no name", notes: ["it lists every net and data set"],
                    at: command.arguments[1].range)
            }
            guard !context.state.netOrder.isEmpty || !context.state.dataOrder.isEmpty else {
                context.output.write("no nets or data sets yet\n", to: .stdout)
                return
            }
            context.show(try VariablesTable.table(context.state).rendering())
            return
        }
        if command.arguments.count > 2 {
            throw LanguageError.argumentForm(
                command: "show \(topic)", takes: "at most one name",
                notes: ["only 'show compare' takes several nets"], at: command.arguments[2].range)
        }
        let nameExpression = command.arguments.count > 1 ? try ArgumentReader.expression(command, at: 1) : nil
        let tables = NetTables(digits: context.state.digits)
        if topic == "bigrams" {
            let record = try context.dataRecord(
                nameExpression?.name, at: nameExpression?.range ?? command.nameRange)
            context.show(
                try BigramView.rendering(
                    command, data: record, digits: context.state.digits,
                    at: nameExpression?.range ?? command.nameRange))
            return
        }
        if topic == "data" {
            let record = try context.dataRecord(
                nameExpression?.name, at: nameExpression?.range ?? command.nameRange)
            context.show(try tables.data(record))
            return
        }
        let record = try context.netRecord(
            nameExpression?.name, at: nameExpression?.range ?? command.nameRange)
        switch topic {
        case "confusion", "misclassified":
            let data = try context.dataForCommand(command)
            let answered = data.validation ?? data.training
            try context.reserve(
                try MemoryEstimates.passes(record, [(answered, [answered.count], Loss(.mse))], copies: 1),
                for: command)
            let answers = try ClassificationViews.answers(
                record, on: data, at: command.option("on")?.value.range ?? command.range)
            let digits = context.state.digits
            context.show(
                topic == "confusion"
                    ? try ClassificationViews.confusion(answers, net: record.name, digits: digits)
                    : try ClassificationViews.misclassified(
                        answers, net: record.name,
                        limit: try OptionReader.integer(command, "limit", atLeast: 1, atMost: 1000) ?? 10,
                        digits: digits))
        case "summary": context.show(try tables.summary(record))
        case "weights": context.show(try tables.parameters(record, gradients: false))
        case "grads": context.show(try tables.parameters(record, gradients: true))
        case "deltas": context.show(try tables.traces(record, what: .delta))
        case "activations": context.show(try tables.traces(record, what: .a))
        case "history": context.show(try tables.history(record))
        case "health": context.show(try HealthTable.rendering(record, digits: context.state.digits))
        case "attention":
            let data = context.state.currentData.flatMap { context.state.datasets[$0] }
            context.show(
                try AttentionView.rendering(
                    command, record: record, data: data, at: nameExpression?.range ?? command.nameRange))
        case "embeddings":
            let data = context.state.currentData.flatMap { context.state.datasets[$0] }
            context.show(
                try EmbeddingView.rendering(
                    record, data: data, digits: context.state.digits,
                    at: nameExpression?.range ?? command.nameRange))
        default: context.show(try tables.optimizer(record))
        }
    }

    /// Input columns `predict` shows before eliding the middle ones.
    static let maxInputColumns = 8

    static func predict(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let record = try context.netRecord(nil, at: command.nameRange)
        let expression = try ArgumentReader.expression(command, at: 0)
        let width = record.network.spec.inputWidth
        let rows: [[Double]]
        if let name = expression.name, let data = context.state.datasets[name] {
            try StepMechanics.check(data.training, fits: record, at: expression.range)
            try context.reserve(
                try MemoryEstimates.passes(record, [(data.training, [data.training.count], Loss(.mse))]),
                for: command)
            rows = (0..<data.training.count).map { Array(data.training.input($0)) }
        } else {
            rows = try InputMatrix.read(expression, width: width, net: record.name)
        }
        let outputs = try record.network.predict(rows.flatMap { $0 }, rows: rows.count)
        let outputWidth = outputs.count / rows.count
        // A sequence model's outputs are a distribution per position, not one class per row.
        let isClassifier =
            record.rule == .perceptron
            || (!record.network.spec.isSequenceModel
                && record.network.outputMap.map {
                    $0.layer.activation == .sigmoid || $0.layer.activation == .softmax
                } ?? false)
        let classes = isClassifier ? Metrics.predictedClasses(record, outputs: outputs, rows: rows.count) : []
        // The current data set's class names, when they fit the net's classes.
        let classNames =
            (context.state.currentData.flatMap { context.state.datasets[$0]?.training.classNames } ?? [])
        let namesFit = classNames.count == max(2, outputWidth)
        // Wide inputs (64 pixels of a digit) keep their first and last columns, as matrix tables do.
        let inputColumns = MatrixTable.shownIndices(count: width, limit: maxInputColumns)
        var headers =
            inputColumns.map { $0.map { "x\($0 + 1)" } ?? "…" }
            + (1...outputWidth).map { outputWidth == 1 ? "y" : "y\($0)" }
        if isClassifier { headers.append("class") }
        let tableRows = rows.enumerated().map { index, row -> [Table.Cell] in
            var cells = inputColumns.map { $0.map { Table.Cell.number(row[$0]) } ?? .text("…") }
            cells += outputs[(index * outputWidth)..<((index + 1) * outputWidth)].map(Table.Cell.number)
            if isClassifier {
                let name = namesFit ? classIndexName(classes[index], names: classNames) : nil
                cells.append(name.map(Table.Cell.text) ?? .number(Double(classes[index])))
            }
            return cells
        }
        context.show(
            try Table(
                title: "predictions of \(record.name)", headers: headers, rows: tableRows,
                footnote: width > maxInputColumns
                    ? "showing \(maxInputColumns) of \(width) input columns" : nil,
                numberFormat: NumberFormat(significantDigits: context.state.digits)
            ).rendering())
    }
}

/// The name of class `index` when the names are not just the indices themselves.
private func classIndexName(_ index: Int, names: [String]) -> String? {
    guard index < names.count, names[index] != String(index) else { return nil }
    return names[index]
}
