import Engine
import Render

/// `plot loss|ratio|gradnorm|saturation|boundary` (`plot landscape` is `LandscapePlots`,
/// `plot hist` `HistogramStrips`; the training charts are `DiagnosticCharts`), `hist
/// weights|grads`, `heatmap PATH`: pictures as text and SVG.
enum PlotCommands {
    /// The `plot` topics whose y axis may be logarithmic, and whether it is by default.
    static let logarithmicByDefault = ["loss": false, "ratio": true, "gradnorm": true]

    static func plot(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let kind = try ArgumentReader.word(command, at: 0)
        if kind != "landscape", logarithmicByDefault[kind] == nil, let log = command.option("log") {
            throw LanguageError.optionNotApplicable(
                option: "log", appliesTo: "loss, ratio and gradnorm charts", at: log.nameRange)
        }
        if kind != "landscape",
            let option = command.options.first(where: { LandscapePlots.options.contains($0.name) })
        {
            throw LanguageError.optionNotApplicable(
                option: option.name, appliesTo: "plot landscape", at: option.nameRange)
        }
        if kind != "loss", let val = command.option("val") {
            throw LanguageError.optionNotApplicable(
                option: "val", appliesTo: "loss charts", at: val.nameRange)
        }
        switch kind {
        case "landscape": try LandscapePlots.run(command, in: &context)
        case "hist": try HistogramStrips.run(command, in: &context)
        case "loss": context.show(try lossChart(command, in: context))
        case "ratio", "gradnorm", "saturation": context.show(try trainingChart(kind, command, in: context))
        default: context.show(try boundary(command, in: context))
        }
    }

    /// `plot ratio|gradnorm|saturation [NET]`: one net's chart, or an error saying what it lacks.
    static func trainingChart(_ kind: String, _ command: CommandStatement, in context: ExecutionContext)
        throws -> Rendering
    {
        let expression = command.arguments.count > 1 ? try ArgumentReader.expression(command, at: 1) : nil
        let record = try context.netRecord(expression?.name, at: expression?.range ?? command.nameRange)
        let look = try DiagnosticCharts.Look(command)
        let logarithmic = OptionReader.boolean(command, "log") ?? logarithmicByDefault[kind] ?? false
        let chart: Rendering?
        switch kind {
        case "gradnorm":
            chart = DiagnosticCharts.gradientNorm(record, logarithmic: logarithmic, look: look)
        case "saturation":
            try requireSaturatingLayers(record, at: expression?.range ?? command.range)
            chart = DiagnosticCharts.saturation(record, look: look)
        default: chart = DiagnosticCharts.updateRatio(record, logarithmic: logarithmic, look: look)
        }
        guard let chart else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "\(kind == "gradnorm" ? "step" : "measured step") yet",
                remedy: kind == "gradnorm"
                    ? "train or step it first" : "train measures the steps it logs (every=), step its own",
                at: command.range)
        }
        return chart
    }

    /// Refuses a saturation chart of a net with no relu, sigmoid or tanh layer, whose chart
    /// would be empty forever.
    static func requireSaturatingLayers(_ record: NetRecord, at range: SourceRange?) throws {
        guard DiagnosticCharts.saturatingLayers(record).isEmpty else { return }
        throw LanguageError.lacks(
            owner: "net '\(record.name)'",
            what: "relu, sigmoid or tanh layer, whose units could die or saturate",
            remedy: "saturation is drawn for layers with those activations", at: range)
    }

    /// Loss against step for each named net (default: the current one), with validation loss for one
    /// net or with `val=true`.
    static func lossChart(_ command: CommandStatement, in context: ExecutionContext) throws -> Rendering {
        var records: [NetRecord] = []
        for index in 1..<max(1, command.arguments.count) {
            let expression = try ArgumentReader.expression(command, at: index)
            records.append(
                try context.netRecord(expression.name ?? expression.pathText ?? "", at: expression.range))
        }
        if records.isEmpty { records = [try context.netRecord(nil, at: command.nameRange)] }
        // One net shows its validation curve by default; several only when asked, to keep the legend short.
        let chart = DiagnosticCharts.loss(
            records, validation: OptionReader.boolean(command, "val") ?? (records.count == 1),
            logarithmic: OptionReader.boolean(command, "log") ?? false,
            look: try DiagnosticCharts.Look(command))
        switch chart {
        case .success(let rendering): return rendering
        case .failure(let missing):
            throw LanguageError.lacks(
                owner: "net '\(missing.net)'", what: "history yet", remedy: "train or step it first",
                at: command.range)
        }
    }

    private static func style(_ command: CommandStatement) -> RenderStyle {
        OptionReader.boolean(command, "ascii") == true ? .ascii : .unicode
    }

    /// Predicted class over the plane of the two inputs, with the data points marked.
    static func boundary(_ command: CommandStatement, in context: ExecutionContext) throws
        -> Rendering
    {
        let netName = command.arguments.count > 1 ? try ArgumentReader.expression(command, at: 1) : nil
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let data = try context.dataRecord(nil, at: command.nameRange)
        let dataset = data.training
        guard dataset.featureCount == 2, record.network.spec.inputWidth == 2 else {
            throw LanguageError.shapeMismatch(
                why:
                    "a decision boundary needs 2 inputs; net '\(record.name)' takes \(record.network.spec.inputWidth) "
                    + "and data set '\(dataset.name)' has \(dataset.featureCount)", at: command.range)
        }
        guard let classes = try? dataset.classIndices() else {
            throw LanguageError.lacks(
                owner: "data set '\(dataset.name)'", what: "classes to draw", at: command.range)
        }
        let xs = (0..<dataset.count).map { dataset.input($0).first! }
        let ys = (0..<dataset.count).map { dataset.input($0).last! }
        let xRange = padded(xs.min()!, xs.max()!)
        let yRange = padded(ys.min()!, ys.max()!)
        let points = (0..<dataset.count).map { DecisionMap.Point(x: xs[$0], y: ys[$0], label: classes[$0]) }
        var failure: (any Error)?
        let map = DecisionMap(
            title: "decision regions of \(record.name) on \(dataset.name)", xRange: xRange, yRange: yRange,
            width: try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72,
            height: try OptionReader.integer(command, "height", atLeast: 4, atMost: 200) ?? 24,
            classNames: dataset.classNames, points: points, style: style(command)
        ) { x, y in
            do {
                let output = try record.network.predict([x, y], rows: 1)
                return Metrics.predictedClasses(record, outputs: output, rows: 1)[0]
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw LanguageError(failure, at: command.range) }
        return map.rendering()
    }

    private static func padded(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        let margin = max((high - low) * 0.1, 1e-3)
        return (low - margin)...(high + margin)
    }

    static func hist(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let kind = try ArgumentReader.word(command, at: 0)
        let netName = command.arguments.count > 1 ? try ArgumentReader.expression(command, at: 1) : nil
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let bins = try OptionReader.integer(command, "bins", atLeast: 1, atMost: 200) ?? 10
        var histograms: [Histogram] = []
        // A frozen map has no gradient to draw.
        let maps = record.network.denseMaps.filter { kind != "grads" || !$0.weight.isFrozen }
        guard !maps.isEmpty else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "gradients: every layer is frozen",
                remedy: "unfreeze a layer and train it", at: command.range)
        }
        for layer in maps {
            guard let values = kind == "grads" ? layer.weight.grad : layer.weight.scalars else {
                throw LanguageError.lacks(
                    owner: "net '\(record.name)'", what: "gradients yet",
                    remedy: "run backward, step or train first", at: command.range)
            }
            histograms.append(
                Histogram(
                    name: "\(layer.name).W\(kind == "grads" ? ".grad" : "")", values: values, bins: bins))
        }
        context.show(
            HistogramChart(
                title: "\(kind == "grads" ? "gradients" : "weights") of \(record.name)",
                histograms: histograms,
                layout: OptionReader.word(command, "layout") == "side" ? .sideBySide : .stacked,
                style: OptionReader.boolean(command, "ascii") == true ? .ascii : .unicode
            ).rendering())
    }

    static func heatmap(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let expression = try ArgumentReader.expression(command, at: 0)
        let value = try ExpressionEvaluator.evaluate(expression, in: context.state)
        let title = expression.pathText ?? "matrix"
        let heatmap: Heatmap
        switch value {
        case .tensor(let name, let values, let shape):
            heatmap = try Heatmap(
                title: name, values: values, shape: shape.count == 1 ? [1, shape[0]] : shape,
                style: style(command))
        default:
            guard let rows = value.matrixRows else {
                throw LanguageError.shapeMismatch(why: "a heatmap needs a matrix", at: expression.range)
            }
            heatmap = try Heatmap(title: title, rows: rows, style: style(command))
        }
        context.show(heatmap.rendering())
    }
}
