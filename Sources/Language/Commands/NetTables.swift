import Engine
import Render

/// The tables `show`, paths and `step` display for a net or data set.
struct NetTables {
    var digits: Int

    private var numberFormat: NumberFormat { NumberFormat(significantDigits: digits) }
    private var formatter: ValueFormatter { ValueFormatter(digits: digits) }

    /// Layer, type, output shape, parameters, trainable, weight and gradient norms, with totals.
    func summary(_ record: NetRecord) throws -> Rendering {
        try summaryTable(record).rendering()
    }

    func summaryTable(_ record: NetRecord) throws -> Table {
        var rows: [[Table.Cell]] = []
        let spec = record.network.spec
        var total = 0
        var trainable = 0
        rows.append([
            "input", .text(spec.inputKind == .tokens ? "tokens" : ""), .text("[n, \(spec.inputWidth)]"), "",
            "", "", "",
        ])
        let shape = { (width: Int) in
            spec.isSequenceModel ? "[n, \(spec.inputWidth), \(width)]" : "[n, \(width)]"
        }
        for (layer, (layerSpec, width)) in zip(record.network.layers, zip(spec.layers, spec.layerWidths)) {
            let parameters = layer.parameters
            let count = parameters.map(\.count).reduce(0, +)
            let free = parameters.filter { !$0.isFrozen }.map(\.count).reduce(0, +)
            total += count
            trainable += free
            let kind: String
            switch layerSpec {
            case .dense(_, let activation):
                switch record.rule {
                case .backprop: kind = "Dense \(activation)"
                case .perceptron: kind = "threshold unit"
                case .lms: kind = "linear unit"
                }
            case .dropout: kind = "Dropout"
            case .layerNorm: kind = "LayerNorm"
            case .embedding: kind = "Embedding"
            case .positionalEmbedding: kind = "Embedding + positions"
            case .attention(let heads, let dropout):
                kind = "Attention, \(counted(heads, "head"))" + dropoutText(dropout)
            case .transformerBlock(let heads, let dropout):
                kind = "Block, \(counted(heads, "head"))" + dropoutText(dropout)
            case .tiedOutput(_, let activation): kind = "Dense \(activation), tied to L1.E"
            }
            if let dense = layer as? DenseLayer {
                rows += mapRows(dense.name, kind: kind, shape: shape(width), map: dense, indent: "")
                continue
            }
            let composite = layer is TransformerBlock
            rows.append(
                moduleRow(
                    layer.name, kind: kind, shape: shape(width), parameters: parameters,
                    showsNorms: !composite))
            guard let block = layer as? TransformerBlock else { continue }
            let maps: [(String, Int, DenseLayer)] = [
                ("Attention, \(counted(block.heads, "head"))", 3 * width, block.attention.inputMap),
                ("Dense, + residual", width, block.attention.outputMap),
            ]
            rows.append(
                moduleRow(
                    "  " + block.attentionNorm.name, kind: "LayerNorm", shape: shape(width),
                    parameters: block.attentionNorm.parameters, showsNorms: true))
            for (partKind, partWidth, map) in maps {
                rows += mapRows(map.name, kind: partKind, shape: shape(partWidth), map: map, indent: "  ")
            }
            rows.append(
                moduleRow(
                    "  " + block.mlpNorm.name, kind: "LayerNorm", shape: shape(width),
                    parameters: block.mlpNorm.parameters, showsNorms: true))
            rows += mapRows(
                block.hidden.name, kind: "Dense gelu", shape: shape(4 * width), map: block.hidden,
                indent: "  ")
            rows += mapRows(
                block.projection.name, kind: "Dense, + residual", shape: shape(width), map: block.projection,
                indent: "  ")
        }
        rows.append([
            "total", "", "", .number(Double(total)),
            .text(
                "\(trainable) trainable"
                    + (trainable == total ? "" : " (\(Self.share(trainable, of: total)))")),
            "", "",
        ])
        let footnote =
            "loss \(lossName(record)), "
            + (record.rule == .backprop
                ? "optimizer \(optimizerText(record.optimizer))" : ruleName(record.rule)) + ", "
            + counted(record.steps, "step") + ", " + counted(record.epochs, "epoch") + ", "
            + (record.network.dtype == .float64 ? "f64" : "f32")
            + (record.network.adapters.isEmpty
                ? "" : "; a .lora row's ‖W‖ is ‖(α/r)·A·B‖, the change it makes to W, and its ‖∇W‖ is ‖∇B‖")
        return try Table(
            title: "net \(record.name) = \(record.description)",
            headers: ["layer", "type", "output", "params", "trainable", "‖W‖", "‖∇W‖"], rows: rows,
            footnote: footnote, numberFormat: numberFormat)
    }

    /// A dense map's row (W and b), and its LoRA adapter's below it when it has one: r, α, the
    /// values of A and B, and ‖(α/r)·A·B‖, how far the adapter has moved W.
    private func mapRows(_ name: String, kind: String, shape: String, map: DenseLayer, indent: String)
        -> [[Table.Cell]]
    {
        var rows = [
            moduleRow(
                indent + name, kind: kind, shape: shape, parameters: [map.weight, map.bias], showsNorms: true)
        ]
        if let adapter = map.adapter {
            var row = moduleRow(
                indent + "  " + name + ".lora",
                kind: "LoRA r=\(adapter.spec.rank), α=\(formatter.format(adapter.spec.alpha))", shape: "",
                parameters: adapter.parameters, showsNorms: false)
            row[5] = .number(norm(adapter.weightChange))
            row[6] = adapter.up.grad.map { .number(norm($0)) } ?? .empty
            rows.append(row)
        }
        return rows
    }

    /// A share as a percentage to 3 significant digits (`8.53%`, `0.347%`): the trainable part of
    /// a net's parameters.
    static func share(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : ValueFormatter(digits: 3).format(100 * Double(part) / Double(whole)) + "%"
    }

    /// One module's row of the summary: its parameters' count, whether they train, and the
    /// norms of its first parameter (the weight) and of that parameter's gradient.
    private func moduleRow(
        _ name: String, kind: String, shape: String, parameters: [Tensor], showsNorms: Bool
    ) -> [Table.Cell] {
        let count = parameters.map(\.count).reduce(0, +)
        let free = parameters.filter { !$0.isFrozen }.map(\.count).reduce(0, +)
        let weight = showsNorms ? parameters.first : nil
        return [
            .text(name), .text(kind), .text(shape), .number(Double(count)),
            .text(free == count ? "yes" : free == 0 ? "frozen" : "partly"),
            weight.map { .number(norm($0.scalars)) } ?? .empty,
            weight?.grad.map { .number(norm($0)) } ?? .empty,
        ]
    }

    /// Every parameter (or its gradient) as a matrix, one after another.
    func parameters(_ record: NetRecord, gradients: Bool) throws -> Rendering {
        let renderings = try record.network.parameters.map { parameter -> Rendering in
            let title =
                "\(record.name).\(parameter.name)\(gradients ? ".grad" : "")"
                + (parameter.isFrozen ? " (frozen)" : "")
            guard let values = gradients ? parameter.grad : parameter.scalars else {
                return Rendering(
                    plain: parameter.isFrozen
                        ? "\(title): no gradient, as a parameter with requires_grad=False has none in PyTorch"
                        : "\(title): no gradient yet (run step, backward or train)")
            }
            return try matrix(title, values: values, shape: parameter.shape)
        }
        return Rendering.stacked(renderings)
    }

    /// A layer quantity of the last forward/backward (z, a, δ) for every layer.
    func traces(_ record: NetRecord, what: TraceQuantity) throws -> Rendering {
        guard let pass = record.lastPass else {
            return Rendering(
                plain: record.steps > 0
                    ? "net \(record.name) kept no pass: its last train batch was too large to copy "
                        + "(run forward, or step batch=N)"
                    : "net \(record.name) has not run yet (run forward, step or train)")
        }
        let renderings = try pass.layers.map { values -> Rendering in
            let title = "\(record.name).\(values.layer).\(what.rawValue)"
            let shown: [Double]?
            switch what {
            case .z: shown = values.preActivation
            case .delta: shown = values.delta
            case .a: shown = values.output
            case .input: shown = values.input
            }
            guard let shown else {
                return Rendering(plain: "\(title): no deltas yet (run backward, step or train)")
            }
            return try matrix(title, values: shown, shape: what == .input ? values.inputShape : values.shape)
        }
        return Rendering.stacked(renderings)
    }

    enum TraceQuantity: String {
        case z
        case a
        case delta
        case input
    }

    /// The logged steps: step, epoch, loss, validation loss, accuracy, learning rate, gradient norms.
    func history(_ record: NetRecord, limit: Int = 20) throws -> Rendering {
        try historyTable(record, limit: limit).rendering()
    }

    /// The history as a table; all of it when `limit` is nil (for export).
    func historyTable(_ record: NetRecord, limit: Int?) throws -> Table {
        let history = record.history
        let records = history.records
        let limit = limit ?? records.count
        let shown = records.count > limit ? Array(records.suffix(limit)) : records
        let layerNames = record.network.denseMaps.map(\.name)
        // A downsampled row stands for a run of steps; its first step says where the run starts.
        var headers = (history.isDownsampled ? ["from step"] : []) + ["step", "epoch", "loss"]
        let hasValidation = records.contains { $0.validationLoss != nil }
        let hasAccuracy = records.contains { $0.accuracy != nil }
        if hasValidation { headers.append("val_loss") }
        if hasAccuracy { headers.append("accuracy") }
        // One lr column, or one per layer once a layer has its own rate (set NET.L1.lr).
        let perLayerRates = records.contains { $0.layerRates != nil }
        headers += (perLayerRates ? layerNames.map { "lr \($0)" } : ["lr"]) + layerNames.map { "‖∇\($0).W‖" }
        let rows = shown.map { entry -> [Table.Cell] in
            var row: [Table.Cell] = history.isDownsampled ? [.number(Double(entry.firstStep))] : []
            row += [.number(Double(entry.step)), .number(Double(entry.epoch)), .number(entry.loss)]
            if hasValidation { row.append(entry.validationLoss.map(Table.Cell.number) ?? .empty) }
            if hasAccuracy { row.append(entry.accuracy.map(Table.Cell.number) ?? .empty) }
            if perLayerRates {
                let rates = entry.layerRates ?? Array(repeating: entry.learningRate, count: layerNames.count)
                row += layerNames.indices.map { index in index < rates.count ? .number(rates[index]) : .empty
                }
            } else {
                row.append(.number(entry.learningRate))
            }
            row += layerNames.indices.map { index in
                index < entry.gradientNorms.count ? .number(entry.gradientNorms[index]) : .empty
            }
            return row
        }
        let points = history.isDownsampled ? "points" : "logged steps"
        let notes = [
            records.isEmpty
                ? nil
                : "each row: the weights after that step, in evaluation mode (loss over the training set)",
            records.isEmpty
                ? "no steps yet"
                : records.count > limit ? "last \(limit) of \(records.count) \(points)" : nil,
            history.downsamplingNote,
        ].compactMap { $0 }
        let footnote = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return try Table(
            title: "history of \(record.name)", headers: headers, rows: rows, footnote: footnote,
            numberFormat: numberFormat)
    }

    /// Columns with their ranges and means, class counts, and the first rows.
    func data(_ record: DataRecord) throws -> Rendering {
        let dataset = record.training
        if let vocabulary = dataset.vocabulary {
            return try tokenData(record, vocabulary: vocabulary)
        }
        let summary = dataset.summary()
        let columns = summary.features.map { ($0, "input") } + summary.targets.map { ($0, "target") }
        let rows = columns.map { column, role -> [Table.Cell] in
            [
                .text(column.name), .text(role), .number(column.minimum), .number(column.maximum),
                .number(column.mean),
                .number(column.standardDeviation),
            ]
        }
        var footnote = "\(dataset.count) examples for training"
        if let validation = record.validation { footnote += ", \(validation.count) for validation" }
        if !dataset.classNames.isEmpty {
            let counts = zip(dataset.classNames, summary.classCounts).map { "\($0) \($1)" }
            footnote += "; classes: " + counts.joined(separator: ", ")
        }
        footnote += "; " + dataset.source
        let table = try Table(
            title: "data \(record.name)", headers: ["column", "role", "min", "max", "mean", "std"],
            rows: rows,
            footnote: footnote, numberFormat: numberFormat)
        let firstRows = min(dataset.count, 8)
        var head: [Double] = []
        for row in 0..<firstRows { head += dataset.input(row) + dataset.target(row) }
        let preview = try matrix(
            "first rows (" + (dataset.featureNames + dataset.targetNames).joined(separator: ", ") + ")",
            values: head, shape: [firstRows, dataset.featureCount + dataset.targetWidth])
        return Rendering.stacked([table.rendering(), preview])
    }

    /// Every parameter value with its position, one per row (for export).
    func weightsTable(_ record: NetRecord) throws -> Table {
        var rows: [[Table.Cell]] = []
        for parameter in record.network.parameters {
            let columns = parameter.rank == 2 ? parameter.shape[1] : parameter.count
            for (index, value) in parameter.scalars.enumerated() {
                let row = parameter.rank == 2 ? index / columns : 0
                rows.append([
                    .text(parameter.name), .number(Double(row)), .number(Double(index % columns)),
                    .number(value),
                ])
            }
        }
        return try Table(
            title: "weights of \(record.name)", headers: ["parameter", "row", "column", "value"], rows: rows,
            numberFormat: NumberFormat(significantDigits: 17))
    }

    /// Every example of a data set, inputs then targets (for export).
    func examplesTable(_ record: DataRecord) throws -> Table {
        let dataset = record.training
        let rows = (0..<dataset.count).map { row in
            (Array(dataset.input(row)) + Array(dataset.target(row))).map(Table.Cell.number)
        }
        return try Table(
            title: "data \(record.name)", headers: dataset.featureNames + dataset.targetNames, rows: rows,
            numberFormat: NumberFormat(significantDigits: 17))
    }

    /// The optimizer, the rule and the loss, then every option with the value it runs with: the
    /// defaults too, marked, since they are what the update uses.
    func optimizer(_ record: NetRecord) throws -> Rendering {
        var rows: [[Table.Cell]] = [
            ["optimizer", .text(record.optimizer.name), .empty],
            ["rule", .text(ruleName(record.rule)), .empty],
            ["loss", .text(lossName(record)), .empty],
        ]
        for setting in record.optimizer.effectiveSettings {
            let option = setting.option
            let value =
                option.kind == .flag ? option.text(of: setting.value) : formatter.format(setting.value)
            rows.append([.text(option.name), .text(value), .text(setting.isGiven ? "given" : "default")])
        }
        rows += layerRateRows(record)
        return try Table(
            title: "optimizer of \(record.name)",
            columns: [
                Table.Column("setting"), Table.Column("value", alignment: .right), Table.Column("from"),
            ],
            rows: rows
        ).rendering()
    }

    /// When some layer has a rate of its own (a parameter group), every layer's rate as the
    /// optimizer runs it: its own, or the optimizer's lr.
    private func layerRateRows(_ record: NetRecord) -> [[Table.Cell]] {
        let layers = record.network.layers.filter { !$0.parameters.isEmpty }
        guard layers.contains(where: { $0.parameters.contains { $0.learningRate != nil } }) else { return [] }
        let base = record.optimizerInstance?.learningRate ?? record.optimizer.learningRate
        return layers.map { layer in
            let own = layer.parameters.first?.learningRate
            return [
                .text("\(layer.name).lr"), .text(formatter.format(own ?? base)),
                .text(own == nil ? "lr" : "layer's own"),
            ]
        }
    }

    func matrix(_ title: String, values: [Double], shape: [Int]) throws -> Rendering {
        try MatrixTable(values: values, shape: shape, maxRows: 12, maxColumns: 10)
            .table(title: title, numberFormat: numberFormat).rendering()
    }

    /// The loss a net reports: its loss function, or for the classic rules their squared error.
    func lossName(_ record: NetRecord) -> String {
        switch record.rule {
        case .backprop: return "\(record.loss.kind.rawValue) (\(record.loss.reduction.rawValue))"
        case .perceptron: return "(t − step(z))² (mean)"
        case .lms: return "(t − z)² (mean)"
        }
    }

    func optimizerText(_ choice: OptimizerChoice) -> String {
        "\(choice.name) lr=\(formatter.format(choice.learningRate))"
    }

    func ruleName(_ rule: LearningRule) -> String {
        switch rule {
        case .backprop: return "backprop"
        case .perceptron: return "perceptron rule: w ← w + η (t − step(z)) x"
        case .lms: return "LMS rule: w ← w + η (t − z) x"
        }
    }

    /// ", dropout 0.1" after a module's kind, or nothing without dropout.
    func dropoutText(_ probability: Double) -> String {
        probability > 0 ? ", dropout \(probability)" : ""
    }

    /// "1 step", "2 steps", "0 steps".
    func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The Euclidean norm of a tensor's values.
    static func norm(_ values: [Double]) -> Double {
        values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    private func norm(_ values: [Double]) -> Double { Self.norm(values) }
}
