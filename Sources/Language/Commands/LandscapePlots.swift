import Engine
import Render

/// `plot landscape [NET]`: the loss along the line from the net's starting weights (α = 0) to
/// its weights now (α = 1); with `dims=2`, over the plane of two random filter-normalised
/// directions around its weights now (Li et al. 2018). Each point is the loss over the whole
/// data set in evaluation mode, as the history measures it, computed on a copy: the net's
/// weights are not touched.
enum LandscapePlots {
    /// Options only the landscape reads.
    static let options = ["dims", "from", "to", "points", "span", "seed"]

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let shown = try landscape(command, in: context)
        context.state.lastResults["landscape"] = shown
        context.show(shown.rendering)
    }

    private static func landscape(_ command: CommandStatement, in context: ExecutionContext) throws
        -> ShownResult
    {
        let netName = command.arguments.count > 1 ? try ArgumentReader.expression(command, at: 1) : nil
        if command.arguments.count > 2 {
            throw LanguageError.argumentForm(
                command: "plot landscape", takes: "one net",
                notes: ["write plot landscape NET, with dims=2 for the plane"], at: command.arguments[2].range
            )
        }
        if let netName, netName.name == nil {
            throw LanguageError.argumentForm(
                command: "plot landscape", takes: "a net's name", at: netName.range)
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let data = try context.dataRecord(nil, at: command.nameRange)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let dims = try OptionReader.integer(command, "dims", atLeast: 1, atMost: 2) ?? 1
        let rows = data.training.count
        var need = try MemoryEstimates.passes(
            record, [(data.training, [rows], MemoryEstimates.planLoss(record))])
        need.parts += try MemoryEstimates.probe(record, rows: rows, loss: MemoryEstimates.planLoss(record))
        let values = record.network.parameters.reduce(0) { $0 + $1.count }
        need.parts.append(
            (
                "\(dims == 1 ? 3 : 4) Float64 copies of the weights (ends or directions, and the point)",
                values * 8 * (dims == 1 ? 3 : 4)
            ))
        try context.reserve(need, for: command)

        let probe = record.probe()
        let loss = { (weights: [[Double]]) throws -> Double in
            try context.checkInterrupt("'plot landscape'", at: command.nameRange)
            try probe.network.restore(weights)
            return try Metrics.evaluate(probe, on: data.training).loss
        }
        return dims == 1
            ? try line(command, record: record, data: data, loss: loss, digits: context.state.digits)
            : try plane(
                command, record: record, data: data, seed: context.state.seed, loss: loss,
                digits: context.state.digits)
    }

    /// The loss at α in [from, to] on θ(α) = (1 − α)·θ_start + α·θ_now.
    private static func line(
        _ command: CommandStatement, record: NetRecord, data: DataRecord, loss: ([[Double]]) throws -> Double,
        digits: Int
    ) throws -> ShownResult {
        for name in ["span", "seed"] {
            if let option = command.option(name) {
                throw LanguageError.optionNotApplicable(
                    option: name, appliesTo: "dims=2", at: option.nameRange)
            }
        }
        guard let start = record.startingWeights else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "starting weights on record",
                remedy: "they are kept from its first step or its last load", at: command.range)
        }
        let from = OptionReader.number(command, "from") ?? -0.5
        let to = OptionReader.number(command, "to") ?? 1.5
        guard from < to, from.isFinite, to.isFinite else {
            throw LanguageError.outOfRange(
                subject: "option 'from'", mustBe: "below 'to'",
                at: command.option("from")?.value.range ?? command.option("to")?.value.range)
        }
        let points = try OptionReader.integer(command, "points", atLeast: 2, atMost: 1001) ?? 41
        let now = record.network.snapshot()
        let alphas = LossLandscape.grid(from: from, to: to, points: points)
        let losses = try alphas.map { try loss(LossLandscape.interpolate(start.weights, now, at: $0)) }
        let ascii = OptionReader.boolean(command, "ascii") == true
        var series = [LineChart.Series("loss", y: losses, x: alphas)]
        let finite = losses.filter(\.isFinite)
        if let low = finite.min(), let high = finite.max() {
            for (alpha, name, mark) in [
                (0.0, "α=0 start (step \(start.step))", ascii ? ":" : "┊"),
                (1.0, "α=1 now (step \(record.steps))", ascii ? "|" : "│"),
            ] where alpha >= from && alpha <= to {
                series.append(
                    LineChart.Series(
                        name, y: [low, high], x: [alpha, alpha], mark: .character(Character(mark))))
            }
        }
        let chart = LineChart(
            title: "loss of \(record.name) on \(data.name) from its start (α=0) to now (α=1)", series: series,
            width: try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72,
            height: try OptionReader.integer(command, "height", atLeast: 4, atMost: 200) ?? 16,
            logarithmicY: OptionReader.boolean(command, "log") ?? false, style: ascii ? .ascii : .unicode,
            xLabel: "α", yLabel: "loss")
        var rows: [[Table.Cell]] = []
        for (alpha, what) in [
            (0.0, "start, \(start.source) (step \(start.step))"), (1.0, "now (step \(record.steps))"),
        ] {
            if let index = alphas.firstIndex(of: alpha) {
                rows.append([.text(what), .number(alpha), .number(losses[index])])
            }
        }
        if let lowest = losses.indices.filter({ losses[$0].isFinite }).min(by: { losses[$0] < losses[$1] }) {
            rows.append([.text("lowest on the line"), .number(alphas[lowest]), .number(losses[lowest])])
        }
        var notes = [
            "θ(α) = (1 − α)·θ_start + α·θ_now; each loss over all \(data.training.count) rows of \(data.name) "
                + "in evaluation mode, on a copy (the net's weights are unchanged)"
        ]
        if start.weights == record.network.snapshot() { notes.append("the net has not moved from its start") }
        let table = try Table(
            title: "loss along the line", headers: ["point", "α", "loss"], rows: rows,
            footnote: notes.joined(separator: "; "), numberFormat: NumberFormat(significantDigits: digits))
        return ShownResult(
            rendering: Rendering.stacked([chart.rendering(), table.rendering()]),
            table: Table(
                title: "loss of \(record.name) along the line", series: [("alpha", alphas), ("loss", losses)])
        )
    }

    /// The loss on θ_now + α·d₁ + β·d₂ over a square grid, shaded as its difference from the centre.
    private static func plane(
        _ command: CommandStatement, record: NetRecord, data: DataRecord, seed: UInt64,
        loss: ([[Double]]) throws -> Double, digits: Int
    ) throws -> ShownResult {
        for name in ["from", "to", "log"] {
            if let option = command.option(name) {
                throw LanguageError.optionNotApplicable(
                    option: name, appliesTo: "the line (dims=1)", at: option.nameRange)
            }
        }
        let span = OptionReader.number(command, "span") ?? 1
        guard span > 0, span.isFinite else {
            throw LanguageError.outOfRange(
                subject: "option 'span'", mustBe: "above 0", at: command.option("span")?.value.range)
        }
        let points = try OptionReader.integer(command, "points", atLeast: 3, atMost: 201) ?? 21
        guard points % 2 == 1 else {
            throw LanguageError.outOfRange(
                subject: "option 'points'", mustBe: "odd for dims=2, so that the net sits at the centre",
                notes: ["try points=\(points + 1)"], at: command.option("points")?.value.range)
        }
        let directionSeed = try OptionReader.integer(command, "seed").map(UInt64.init) ?? seed
        var random = RandomSource(seed: directionSeed)
        let now = record.network.snapshot()
        let first = LossLandscape.filterNormalizedDirection(
            for: record.network, weights: now, random: &random)
        let second = LossLandscape.filterNormalizedDirection(
            for: record.network, weights: now, random: &random)
        let axis = LossLandscape.symmetricGrid(span: span, points: points)
        // Rows from β = +span at the top, as a plot's y axis; columns from α = −span.
        var losses: [Double] = []
        var tableRows: [(alpha: Double, beta: Double, loss: Double)] = []
        for beta in axis.reversed() {
            for alpha in axis {
                let value = try loss(LossLandscape.offset(now, first, alpha, second, beta))
                losses.append(value)
                tableRows.append((alpha, beta, value))
            }
        }
        let centre = losses[(points / 2) * points + points / 2]
        let formatter = ValueFormatter(digits: 3)
        let heatmap = try Heatmap(
            title:
                "loss of \(record.name) on \(data.name) around now, minus its \(formatter.format(centre)) at the centre "
                + "(rows β, columns α)",
            values: losses.map { $0 - centre }, shape: [points, points],
            rowLabels: axis.reversed().map { formatter.format($0) },
            columnLabels: axis.map { formatter.format($0) },
            width: try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72,
            maxRows: points,
            style: OptionReader.boolean(command, "ascii") == true ? .ascii : .unicode)
        var rows: [[Table.Cell]] = [
            [.text("centre: now (step \(record.steps))"), .number(0), .number(0), .number(centre)]
        ]
        let finite = tableRows.filter { $0.loss.isFinite }
        if let lowest = finite.min(by: { $0.loss < $1.loss }) {
            rows.append([.text("lowest"), .number(lowest.alpha), .number(lowest.beta), .number(lowest.loss)])
        }
        if let highest = finite.max(by: { $0.loss < $1.loss }) {
            rows.append([
                .text("highest"), .number(highest.alpha), .number(highest.beta), .number(highest.loss),
            ])
        }
        let table = try Table(
            title: "loss on the plane", headers: ["point", "α", "β", "loss"], rows: rows,
            footnote:
                "θ = θ_now + α·d₁ + β·d₂; d₁, d₂ drawn from N(0, 1) with seed \(directionSeed), each unit's "
                + "incoming weights scaled to the norm of that unit's weights (Li et al. 2018); biases and layer-norm "
                + "parameters are not moved; each loss over all \(data.training.count) rows of \(data.name) in "
                + "evaluation mode, on a copy (the net's weights are unchanged)",
            numberFormat: NumberFormat(significantDigits: digits))
        return ShownResult(
            rendering: Rendering.stacked([heatmap.rendering(), table.rendering()]),
            table: try Table(
                title: "loss of \(record.name) on the plane", headers: ["alpha", "beta", "loss"],
                rows: tableRows.map { [.number($0.alpha), .number($0.beta), .number($0.loss)] }))
    }
}
