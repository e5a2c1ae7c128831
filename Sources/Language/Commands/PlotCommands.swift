import Engine
import Render

/// `plot loss|ratio|boundary` (`plot landscape` is `LandscapePlots`, `plot hist` `HistogramStrips`),
/// `hist weights|grads`, `heatmap PATH`: pictures as text and SVG.
enum PlotCommands {
    static func plot(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let kind = try ArgumentReader.word(command, at: 0)
        if kind == "boundary" || kind == "hist", let log = command.option("log") {
            throw Diagnostic(.valueError, "option 'log' is for loss charts only", at: log.nameRange)
        }
        if kind != "landscape",
            let option = command.options.first(where: { LandscapePlots.options.contains($0.name) })
        {
            throw Diagnostic(
                .valueError, "option '\(option.name)' is for plot landscape only", at: option.nameRange)
        }
        switch kind {
        case "landscape": try LandscapePlots.run(command, in: &context)
        case "hist": try HistogramStrips.run(command, in: &context)
        case "loss": context.show(try lossChart(command, in: context))
        case "ratio": context.show(try ratioChart(command, in: context))
        default: context.show(try boundary(command, in: context))
        }
    }

    /// Each dense layer's update ratio ‖ΔW‖/‖W‖ at the logged steps of one net, with a guide
    /// at the healthy 1e-3; zero ratios (a frozen or dead layer) cannot sit on the log axis
    /// and are left out.
    static func ratioChart(_ command: CommandStatement, in context: ExecutionContext) throws -> Rendering {
        if let val = command.option("val") {
            throw Diagnostic(.valueError, "option 'val' is for loss charts only", at: val.nameRange)
        }
        let expression = command.arguments.count > 1 ? try ArgumentReader.expression(command, at: 1) : nil
        let record = try context.netRecord(expression?.name, at: expression?.range ?? command.nameRange)
        let measured = record.history.records.filter { !$0.health.isEmpty }
        guard let first = measured.first, let last = measured.last else {
            throw Diagnostic(
                .valueError, "net '\(record.name)' has no measured step yet", at: command.range,
                notes: ["train or step it first"])
        }
        let logarithmic = OptionReader.boolean(command, "log") ?? true
        var series: [LineChart.Series] = []
        for (index, layer) in first.health.enumerated() {
            let points = measured.compactMap { entry -> (Double, Double)? in
                guard index < entry.health.count else { return nil }
                let ratio = entry.health[index].updateRatio
                return logarithmic && !(ratio > 0) ? nil : (Double(entry.step), ratio)
            }
            guard !points.isEmpty else { continue }
            series.append(LineChart.Series(layer.layer, y: points.map(\.1), x: points.map(\.0)))
        }
        let guide = HealthTable.healthyUpdateRatio
        // A dotted level across every column, so it reads as a guide and not as a layer.
        let columns = max(2, try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72)
        let span = Double(max(last.step - first.step, 1))
        let xs = (0..<columns).map { Double(first.step) + span * Double($0) / Double(columns - 1) }
        series.append(
            LineChart.Series(
                "guide \(ValueFormatter(digits: 3).format(guide))", y: xs.map { _ in guide }, x: xs,
                mark: .character(style(command) == .ascii ? "." : "·")))
        return LineChart(
            title: "update ratio ‖ΔW‖/‖W‖ of \(record.name)", series: series,
            width: try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72,
            height: try OptionReader.integer(command, "height", atLeast: 4, atMost: 200) ?? 16,
            logarithmicY: logarithmic, style: style(command), yLabel: "‖ΔW‖/‖W‖"
        ).rendering()
    }

    private static func style(_ command: CommandStatement) -> RenderStyle {
        OptionReader.boolean(command, "ascii") == true ? .ascii : .unicode
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
        let showsValidation = OptionReader.boolean(command, "val") ?? (records.count == 1)
        var series: [LineChart.Series] = []
        for record in records {
            let history = record.history.records
            guard !history.isEmpty else {
                throw Diagnostic(
                    .valueError, "net '\(record.name)' has no history yet", at: command.range,
                    notes: ["train or step it first"])
            }
            let steps = history.map { Double($0.step) }
            series.append(
                LineChart.Series(records.count == 1 ? "loss" : record.name, y: history.map(\.loss), x: steps))
            if showsValidation, history.contains(where: { $0.validationLoss != nil }) {
                let validated = history.filter { $0.validationLoss != nil }
                series.append(
                    LineChart.Series(
                        records.count == 1 ? "validation loss" : "\(record.name) val",
                        y: validated.compactMap(\.validationLoss),
                        x: validated.map { Double($0.step) }))
            }
        }
        var title = "loss of " + records.map(\.name).joined(separator: ", ")
        let downsampled = records.filter(\.history.isDownsampled)
        if !downsampled.isEmpty {
            // The curve is of point means, not of single logs: say so where the reader looks.
            let counts = downsampled.map { record in
                "up to \(record.history.logsPerRecord) logs a point"
                    + (records.count == 1 ? "" : " for \(record.name)")
            }
            title += " (downsampled, " + counts.joined(separator: ", ") + ")"
        }
        return LineChart(
            title: title, series: series,
            width: try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72,
            height: try OptionReader.integer(command, "height", atLeast: 4, atMost: 200) ?? 16,
            logarithmicY: OptionReader.boolean(command, "log") ?? false, style: style(command),
            yLabel: "loss"
        ).rendering()
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
            throw Diagnostic(
                .shapeError,
                "a decision boundary needs 2 inputs; net '\(record.name)' takes \(record.network.spec.inputWidth) "
                    + "and data set '\(dataset.name)' has \(dataset.featureCount)",
                at: command.range)
        }
        guard let classes = try? dataset.classIndices() else {
            throw Diagnostic(
                .valueError, "data set '\(dataset.name)' has no classes to draw", at: command.range)
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
        if let failure { throw EngineMessages.diagnostic(for: failure, at: command.range) }
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
        for layer in record.network.denseLayers {
            guard let values = kind == "grads" ? layer.weight.grad : layer.weight.scalars else {
                throw Diagnostic(
                    .valueError, "net '\(record.name)' has no gradients yet", at: command.range,
                    notes: ["run backward, step or train first"])
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
                throw Diagnostic(.shapeError, "a heatmap needs a matrix", at: expression.range)
            }
            heatmap = try Heatmap(title: title, rows: rows, style: style(command))
        }
        context.show(heatmap.rendering())
    }
}
