import Engine
import Render

/// `lrfind [NET]`: the learning-rate range test (Smith; fastai's `lr_find`) on a copy of the net,
/// with `train`'s step and the batches `train` would take next. The net, its optimizer state,
/// history, data cursor, counts and the session's generator are left exactly as they were.
enum RateFinder {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let shown = try sweep(command, in: context)
        context.state.lastResults["lrfind"] = shown
        context.show(shown.rendering)
    }

    /// Runs the sweep and renders it: the chart over the table of suggestions.
    private static func sweep(_ command: CommandStatement, in context: ExecutionContext) throws -> ShownResult
    {
        let netName = command.arguments.first.flatMap { argument -> ValueExpression? in
            if case .value(let expression) = argument { return expression }
            return nil
        }
        if let netName, netName.name == nil {
            throw LanguageError.argumentForm(command: "lrfind", takes: "a net's name", at: netName.range)
        }
        let test = try rangeTest(command)
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        guard record.network.parameters.contains(where: { !$0.isFrozen }) else {
            throw LanguageError.notAllowed(
                why: "every parameter of net '\(record.name)' is frozen, so no rate moves it",
                notes: ["unfreeze a layer first"], at: netName?.range ?? command.nameRange)
        }
        let defaultBatch = record.rule == .backprop ? data.training.count : 1
        let batch = min(
            try OptionReader.integer(command, "batch", atLeast: 1) ?? defaultBatch, data.training.count)
        try context.reserve(try memoryNeed(record, data: data, batch: batch), for: command)

        var probe = record.probe()
        // Every layer sweeps the same rate: a layer's own rate would stay fixed and hide the test.
        let ownRates = probe.network.parameters.contains { $0.learningRate != nil }
        for parameter in probe.network.parameters { parameter.learningRate = nil }
        let trainer = try StepMechanics.trainer(for: &probe, command)
        // The batches `train` would take next: copies of the net's cursor and of the session's
        // generator, which stay as they are.
        trainer.random = context.state.random
        trainer.cursor = record.cursor(on: data.name)
        let result = try test.run(
            trainer, on: try TrainCommand.samples(of: data.training, for: record), batchSize: batch,
            shuffle: OptionReader.boolean(command, "shuffle") ?? true, shouldStop: context.shouldStop)
        if result.ending == .cancelled {
            throw LanguageError.interrupted(
                .rateFinder(net: record.name, step: result.points.count + 1), at: command.nameRange)
        }
        let formatter = ValueFormatter(digits: 3)
        var notes = [endingText(result, test: test, formatter: formatter)]
        notes.append(
            "suggestions from steps \(result.suggestionRange.lowerBound + 1) to \(result.suggestionRange.upperBound)"
                + " (fastai leaves out the first tenth and the last 5)")
        if result.points.count > 10 {
            notes.append("the chart leaves out the last \(skippedAtEnd) steps, as fastai's plot does")
        }
        if ownRates {
            notes.append(
                "the layers' own rates (set NET.L.lr) were left out: every layer swept the same rate")
        }
        notes.append(
            "on a copy of \(record.name) with a fresh \(record.optimizer.name) and batches of \(batch) from \(data.name); "
                + "the net, its optimizer state, history, data cursor and steps are unchanged")
        let chart = try self.chart(result, net: record.name, command: command, formatter: formatter)
        let suggestions = try suggestionTable(result, notes: notes, digits: context.state.digits)
        return ShownResult(
            rendering: Rendering.stacked([chart.rendering(), suggestions.rendering()]),
            table: pointsTable(result, net: record.name))
    }

    /// The test the options ask for: fastai's defaults unless told otherwise.
    private static func rangeTest(_ command: CommandStatement) throws -> LearningRateRangeTest {
        var test = LearningRateRangeTest()
        if let start = OptionReader.number(command, "start") {
            guard start > 0 else {
                throw LanguageError.outOfRange(
                    subject: "option 'start'", mustBe: "a rate above 0",
                    at: command.option("start")?.value.range)
            }
            test.startRate = start
        }
        if let end = OptionReader.number(command, "end") { test.endRate = end }
        guard test.endRate > test.startRate, test.endRate.isFinite else {
            throw LanguageError.outOfRange(
                subject: "option 'end'",
                mustBe: "a finite rate above start (\(ValueFormatter(digits: 4).format(test.startRate)))",
                at: command.option("end")?.value.range ?? command.option("start")?.value.range)
        }
        test.steps =
            try OptionReader.integer(command, "steps", atLeast: 2, atMost: maximumSteps) ?? test.steps
        if OptionReader.boolean(command, "stop") == false { test.divergenceFactor = nil }
        return test
    }

    static let maximumSteps = 10_000
    /// Steps the chart leaves out at the end of the sweep, as fastai's `plot_lr_find(skip_end=5)`.
    static let skippedAtEnd = 5

    /// The rows the copy reads and the copy itself.
    private static func memoryNeed(_ record: NetRecord, data: DataRecord, batch: Int) throws -> MemoryNeed {
        let loss = MemoryEstimates.planLoss(record)
        var need = try MemoryEstimates.passes(record, [(data.training, [batch], loss)])
        need.parts += try MemoryEstimates.probe(record, rows: batch, loss: loss)
        return need
    }

    /// Why the sweep ended, in one sentence.
    static func endingText(
        _ result: LearningRateRangeTest.Result, test: LearningRateRangeTest, formatter: ValueFormatter
    ) -> String {
        let last = result.points.last
        switch result.ending {
        case .completed:
            return "all \(test.steps) steps, lr \(formatter.format(test.startRate)) to "
                + "\(formatter.format(last?.learningRate ?? test.endRate))"
        case .diverged:
            let factor = formatter.format(test.divergenceFactor ?? 4)
            return
                "stopped at step \(result.points.count) (lr \(formatter.format(last?.learningRate ?? 0))): "
                + "the smoothed loss passed \(factor)× its best"
        case .nonFinite(let step, let rate, let loss, let error):
            return "stopped at step \(step) (lr \(formatter.format(rate))): "
                + nonFiniteText(error, loss: loss, formatter: formatter)
        case .cancelled:
            return "interrupted"
        }
    }

    /// What the engine refused, as `train`'s refusal words it.
    private static func nonFiniteText(_ error: EngineError, loss: Double?, formatter: ValueFormatter)
        -> String
    {
        guard case .nonFinite(let layer, let tensor, _) = error, let site = error.nonFiniteSite else {
            return "a value was not finite"
        }
        if let loss, !loss.isFinite {
            let first = layer.isEmpty ? "" : " (the first value not finite: \(layer).\(tensor))"
            return "the loss became \(formatter.format(loss))\(first)"
        }
        switch site {
        case .update(let parameter): return "the update made \(parameter) non-finite"
        case .gradient(let parameter): return "the gradient of \(parameter) became non-finite"
        case .value(let tensor):
            return layer.isEmpty ? "the \(tensor) became non-finite" : "\(layer).\(tensor) became non-finite"
        }
    }

    /// The smoothed loss against the rate on a log axis, each suggestion a vertical line.
    private static func chart(
        _ result: LearningRateRangeTest.Result, net: String, command: CommandStatement,
        formatter: ValueFormatter
    ) throws -> LineChart {
        let ascii = OptionReader.boolean(command, "ascii") == true
        // As fastai's plot, without the last steps, whose climb would flatten the rest.
        let points = Array(
            result.points.prefix(max(result.points.count - skippedAtEnd, min(result.points.count, 10))))
        var series = [
            LineChart.Series("smoothed loss", y: points.map(\.smoothedLoss), x: points.map(\.learningRate))
        ]
        let finite = points.map(\.smoothedLoss).filter(\.isFinite)
        if let low = finite.min(), let high = finite.max() {
            let marks: [(String, LearningRateRangeTest.Suggestion?, Character)] = [
                ("steepest", result.steepest, ascii ? "|" : "│"),
                ("minimum/10", result.minimumOverTen, ascii ? ":" : "┊"),
            ]
            for (name, suggestion, mark) in marks {
                guard let suggestion else { continue }
                series.append(
                    LineChart.Series(
                        "\(name) \(formatter.format(suggestion.learningRate))", y: [low, high],
                        x: [suggestion.learningRate, suggestion.learningRate], mark: .character(mark)))
            }
        }
        return LineChart(
            title: "learning-rate range test of \(net): smoothed loss (β 0.98) against lr", series: series,
            width: try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72,
            height: try OptionReader.integer(command, "height", atLeast: 4, atMost: 200) ?? 16,
            logarithmicY: OptionReader.boolean(command, "log") ?? false, logarithmicX: true,
            style: ascii ? .ascii : .unicode, xLabel: "lr", yLabel: "smoothed loss")
    }

    private static func suggestionTable(_ result: LearningRateRangeTest.Result, notes: [String], digits: Int)
        throws
        -> Table
    {
        let rules: [(String, LearningRateRangeTest.Suggestion?)] = [
            ("steepest fall of the smoothed loss before its minimum (fastai steep)", result.steepest),
            ("a tenth of the rate at its minimum (fastai minimum)", result.minimumOverTen),
        ]
        let rows = rules.map { rule, suggestion -> [Table.Cell] in
            guard let suggestion else { return [.text(rule), .text("none: too few steps"), .empty, .empty] }
            return [
                .text(rule), .number(suggestion.learningRate), .number(Double(suggestion.point.step)),
                .number(suggestion.point.smoothedLoss),
            ]
        }
        return try Table(
            title: "suggested learning rates",
            headers: ["rule", "lr", "read at step", "smoothed loss there"],
            rows: rows, footnote: notes.joined(separator: "; "),
            numberFormat: NumberFormat(significantDigits: digits))
    }

    /// Every step of the sweep, for export.
    private static func pointsTable(_ result: LearningRateRangeTest.Result, net: String) -> Table {
        Table(
            title: "learning-rate range test of \(net)",
            series: [
                ("step", result.points.map { Double($0.step) }), ("lr", result.points.map(\.learningRate)),
                ("loss", result.points.map(\.loss)), ("smoothed loss", result.points.map(\.smoothedLoss)),
            ])
    }
}
