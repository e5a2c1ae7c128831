import Engine
import Render

/// `plot hist [NET] [weights|grads|activations]`: each dense layer's distribution of weights (or
/// of its step's gradients, or of its outputs on the step's batch) at every measured step, as a heat strip: a column per logged step, a row per
/// value bin, shaded by the share of values in it. The bins are each layer's own, common to all
/// its steps, read from the quantiles `train` and `step` keep on their logged steps.
enum HistogramStrips {
    static let kinds = ["weights", "grads", "activations"]

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let shown = try strips(command, in: context)
        context.state.lastResults["hist"] = shown
        context.show(shown.rendering)
    }

    private static func strips(_ command: CommandStatement, in context: ExecutionContext) throws
        -> ShownResult
    {
        var kind = "weights"
        var netName: ValueExpression?
        for index in 1..<max(1, command.arguments.count) {
            let expression = try ArgumentReader.expression(command, at: index)
            if let word = expression.name, kinds.contains(word), context.state.nets[word] == nil {
                kind = word
            } else if netName == nil {
                netName = expression
            } else {
                throw LanguageError.argumentForm(
                    command: "plot hist", takes: "one net and weights or grads",
                    notes: ["write plot hist NET grads"],
                    at: expression.range)
            }
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let measured = record.history.records.filter { !$0.distributions.isEmpty }
        guard let first = measured.first else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "measured step yet",
                remedy: "train or step it first; train measures the steps it logs (every=)", at: command.range
            )
        }
        let rows = try OptionReader.integer(command, "height", atLeast: 2, atMost: 64) ?? 8
        let width = try OptionReader.integer(command, "width", atLeast: 20, atMost: 400) ?? 72
        let style: RenderStyle = OptionReader.boolean(command, "ascii") == true ? .ascii : .unicode
        let formatter = ValueFormatter(digits: 3)
        var parts: [Rendering] = []
        var cells: [[Table.Cell]] = []
        func quantiles(of distribution: LayerDistribution) -> [Double]? {
            switch kind {
            case "grads": return distribution.gradients
            case "activations": return distribution.activations
            default: return distribution.weights
            }
        }
        let tensor = ["grads": ".W.grad", "activations": ".a"][kind] ?? ".W"
        let noun = ["grads": "gradients", "activations": "outputs"][kind] ?? "weights"
        for (index, layer) in first.distributions.enumerated() {
            let columns = measured.compactMap { entry -> (step: Int, quantiles: [Double])? in
                guard index < entry.distributions.count else { return nil }
                let distribution = entry.distributions[index]
                guard let quantiles = quantiles(of: distribution), !quantiles.isEmpty
                else { return nil }
                return (entry.step, quantiles)
            }
            guard let low = columns.compactMap(\.quantiles.first).min(),
                let high = columns.compactMap(\.quantiles.last).max()
            else { continue }
            // Equal ends would make one empty-width bin: widen it so the point mass has a row.
            let (bottom, top) = high > low ? (low, high) : (low - 0.5, high + 0.5)
            let edges = (0...rows).map { bottom + (top - bottom) * Double($0) / Double(rows) }
            let shares = columns.map { LayerDistribution.shares(between: edges, quantiles: $0.quantiles) }
            // Rows from the highest bin down, as a y axis reads; each labelled by its middle.
            var values: [Double] = []
            for bin in (0..<rows).reversed() {
                for column in shares.indices { values.append(shares[column][bin]) }
            }
            let heatmap = try Heatmap(
                title:
                    "\(layer.layer)\(tensor) over steps \(columns.first!.step)–\(columns.last!.step)"
                    + " (a column per measured step, shaded by the share of values in each bin)",
                values: values, shape: [rows, columns.count],
                rowLabels: (0..<rows).reversed().map { formatter.format((edges[$0] + edges[$0 + 1]) / 2) },
                columnLabels: columns.map { String($0.step) }, width: width, maxRows: rows, style: style)
            parts.append(heatmap.rendering())
            for (column, entry) in columns.enumerated() {
                for bin in 0..<rows {
                    cells.append([
                        .text(layer.layer), .number(Double(entry.step)), .number(edges[bin]),
                        .number(edges[bin + 1]),
                        .number(shares[column][bin]),
                    ])
                }
            }
        }
        guard !parts.isEmpty else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "\(noun) on record", at: command.range)
        }
        return ShownResult(
            rendering: Rendering.stacked([Rendering(plain: "\(noun) of \(record.name) over time")] + parts),
            table: try Table(
                title: "\(noun) of \(record.name) over time",
                headers: ["layer", "step", "bin from", "bin to", "share"], rows: cells))
    }
}
