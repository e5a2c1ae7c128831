import Engine
import Render

/// `show health`: how each dense layer fared at the net's last measured step, with the rules
/// of thumb practitioners watch: an update about a thousandth of the weights' size, few
/// ReLU units that never fire, few sigmoid or tanh units pinned at their bounds.
enum HealthTable {
    /// The size of a healthy update ratio, the guide of `plot ratio`.
    static let healthyUpdateRatio = 1e-3
    /// An update ratio ‖ΔW‖/‖W‖ above this moves weights too far per step (lower the rate).
    static let largeUpdateRatio = 1e-2
    /// Below this a layer barely moves (raise the rate, or its gradient vanishes).
    static let smallUpdateRatio = 1e-5
    /// A share of dead or saturated units at or above this is flagged.
    static let unhealthyShare = 0.5

    static func rendering(_ record: NetRecord, digits: Int) throws -> Rendering {
        guard let measured = record.history.records.last(where: { !$0.health.isEmpty }) else {
            return Rendering(plain: "net \(record.name) has no measured step yet (run train or step)")
        }
        let activations = Dictionary(
            uniqueKeysWithValues: record.network.denseMaps.map { ($0.name, "\($0.activation)") })
        let rows = measured.health.map { layer -> [Table.Cell] in
            [
                .text(layer.layer), .text(activations[layer.layer] ?? ""), .number(layer.weightNorm),
                .number(layer.gradientNorm), .number(layer.updateRatio),
                layer.deadShare.map(Table.Cell.number) ?? .empty,
                layer.saturatedShare.map(Table.Cell.number) ?? .empty, .text(verdict(layer)),
            ]
        }
        return try Table(
            title: "health of \(record.name) at step \(measured.step)",
            headers: ["layer", "activation", "‖W‖", "‖∇W‖", "‖ΔW‖/‖W‖", "dead relu", "saturated", "note"],
            rows: rows,
            footnote: "measured on that step's batch; an update ratio near 1e-3 is usual, dead: relu units "
                + "zero for every row, saturated: |tanh| > 0.97 or sigmoid < 0.015 or > 0.985",
            numberFormat: NumberFormat(significantDigits: digits)
        ).rendering()
    }

    /// Every measured step's health, a row per step and layer, for `export health`: the numbers
    /// `show health` and `plot ratio` read, over the whole run.
    static func historyTable(_ record: NetRecord, at range: SourceRange? = nil) throws -> Table {
        let measured = record.history.records.filter { !$0.health.isEmpty }
        guard !measured.isEmpty else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "measured step yet",
                remedy: "train measures the steps it logs (every=), step measures its own", at: range)
        }
        let rows = measured.flatMap { entry in
            entry.health.map { layer -> [Table.Cell] in
                [
                    .number(Double(entry.step)), .text(layer.layer), .number(layer.weightNorm),
                    .number(layer.gradientNorm), .number(layer.updateRatio),
                    layer.deadShare.map(Table.Cell.number) ?? .empty,
                    layer.saturatedShare.map(Table.Cell.number) ?? .empty, .text(verdict(layer)),
                ]
            }
        }
        return try Table(
            title: "health of \(record.name)",
            headers: [
                "step", "layer", "weight_norm", "grad_norm", "update_ratio", "dead_relu", "saturated", "note",
            ],
            rows: rows, numberFormat: NumberFormat(significantDigits: 17))
    }

    /// What a layer's numbers suggest, or "ok".
    static func verdict(_ layer: LayerMetrics) -> String {
        var notes: [String] = []
        if layer.updateRatio > largeUpdateRatio { notes.append("large updates: lower lr") }
        if layer.updateRatio < smallUpdateRatio { notes.append("barely moving") }
        if let dead = layer.deadShare, dead >= unhealthyShare { notes.append("mostly dead units") }
        if let saturated = layer.saturatedShare, saturated >= unhealthyShare { notes.append("saturated") }
        return notes.isEmpty ? "ok" : notes.joined(separator: "; ")
    }
}
