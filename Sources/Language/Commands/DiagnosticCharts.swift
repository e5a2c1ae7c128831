import Engine
import Render

/// The charts of a net's training that `plot loss|ratio|gradnorm|saturation` draws and
/// `train watch=` redraws in place while it runs: each from the net's record alone, so the
/// live picture and the later `plot` are the same picture. Each is nil when the net has
/// nothing to draw yet.
enum DiagnosticCharts {
    /// The size and characters of a chart.
    struct Look {
        var width = 72
        var height = 16
        var style: RenderStyle = .unicode

        /// The `width=`, `height=` and `ascii=` a command gave, over the defaults.
        init(_ command: CommandStatement, height defaultHeight: Int = 16) throws {
            width = try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72
            height = try OptionReader.integer(command, "height", atLeast: 4, atMost: 200) ?? defaultHeight
            style = OptionReader.boolean(command, "ascii") == true ? .ascii : .unicode
        }

        /// The defaults, for the displays `train` keeps up to date (it takes no chart options).
        init() {}
    }

    /// Loss against step for each net's logged steps, with each net's validation loss when
    /// `validation`; nil when a net has no history yet (its name).
    static func loss(_ records: [NetRecord], validation: Bool, logarithmic: Bool, look: Look)
        -> Result<Rendering, NoHistory>
    {
        var series: [LineChart.Series] = []
        for record in records {
            let history = record.history.records
            guard !history.isEmpty else { return .failure(NoHistory(net: record.name)) }
            let steps = history.map { Double($0.step) }
            series.append(
                LineChart.Series(records.count == 1 ? "loss" : record.name, y: history.map(\.loss), x: steps))
            if validation, history.contains(where: { $0.validationLoss != nil }) {
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
        return .success(
            LineChart(
                title: title, series: series, width: look.width, height: look.height,
                logarithmicY: logarithmic, style: look.style, yLabel: "loss"
            ).rendering())
    }

    /// A net without a history row, which a loss chart cannot draw.
    struct NoHistory: Error {
        var net: String
    }

    /// Each dense layer's update ratio ‖ΔW‖/‖W‖ at the measured steps, with a dotted guide at
    /// the healthy 1e-3; on a log axis, zero ratios (a frozen or dead layer) are left out.
    static func updateRatio(_ record: NetRecord, logarithmic: Bool, look: Look) -> Rendering? {
        let measured = record.history.records.filter { !$0.health.isEmpty }
        guard let first = measured.first, let last = measured.last else { return nil }
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
        let columns = max(2, look.width)
        let span = Double(max(last.step - first.step, 1))
        let xs = (0..<columns).map { Double(first.step) + span * Double($0) / Double(columns - 1) }
        series.append(
            LineChart.Series(
                "guide \(ValueFormatter(digits: 3).format(guide))", y: xs.map { _ in guide }, x: xs,
                mark: .character(look.style == .ascii ? "." : "·")))
        return LineChart(
            title: "update ratio ‖ΔW‖/‖W‖ of \(record.name)", series: series, width: look.width,
            height: look.height, logarithmicY: logarithmic, style: look.style, yLabel: "‖ΔW‖/‖W‖"
        ).rendering()
    }

    /// The global gradient norm of every step the net took (before clipping); on a log axis a
    /// zero norm is left out.
    static func gradientNorm(_ record: NetRecord, logarithmic: Bool, look: Look) -> Rendering? {
        let norms = record.stepGradientNorms
        guard !norms.values.isEmpty else { return nil }
        var title = "global gradient norm ‖∇θ‖ of \(record.name)"
        if norms.isDownsampled { title += " (each point the largest of up to \(norms.stepsPerPoint) steps)" }
        return LineChart(
            title: title,
            series: [LineChart.Series("‖∇θ‖", y: norms.values, x: norms.steps.map(Double.init))],
            width: look.width, height: look.height, logarithmicY: logarithmic, style: look.style,
            yLabel: "‖∇θ‖"
        ).rendering()
    }

    /// The layers whose units can die (relu) or saturate (sigmoid, tanh): what a saturation
    /// chart draws.
    static func saturatingLayers(_ record: NetRecord) -> [String] {
        record.network.denseMaps.filter { [.relu, .sigmoid, .tanh].contains($0.activation) }.map(\.name)
    }

    /// Each relu layer's share of dead units and each sigmoid or tanh layer's share of
    /// saturated outputs at the measured steps, on the step's batch, from 0 to 1.
    static func saturation(_ record: NetRecord, look: Look) -> Rendering? {
        let measured = record.history.records.filter { !$0.health.isEmpty }
        guard let first = measured.first else { return nil }
        var series: [LineChart.Series] = []
        for (index, layer) in first.health.enumerated() {
            let dead = layer.deadShare != nil
            guard dead || layer.saturatedShare != nil else { continue }
            let points = measured.compactMap { entry -> (Double, Double)? in
                guard index < entry.health.count,
                    let share = dead ? entry.health[index].deadShare : entry.health[index].saturatedShare
                else { return nil }
                return (Double(entry.step), share)
            }
            series.append(
                LineChart.Series(
                    "\(layer.layer) \(dead ? "dead" : "saturated")", y: points.map(\.1), x: points.map(\.0)))
        }
        guard !series.isEmpty else { return nil }
        var chart = LineChart(
            title: "dead (relu) and saturated (sigmoid, tanh) units of \(record.name)", series: series,
            width: look.width, height: look.height, style: look.style, yLabel: "share of units")
        chart.yCovers = 0...1
        return chart.rendering()
    }
}
