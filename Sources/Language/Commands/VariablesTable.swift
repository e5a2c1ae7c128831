import Engine
import Render

/// `show vars`: the session's variable inspector, every net and data set with its kind, shape,
/// parameters, the bytes it holds (as `memory` counts them) and how far it has trained.
enum VariablesTable {
    static func table(_ state: SessionState) throws -> Table {
        var rows: [[Table.Cell]] = []
        for name in state.netOrder {
            guard let record = state.nets[name] else { continue }
            let parameters = record.network.parameters.reduce(0) { $0 + $1.count }
            let frozen = record.network.parameters.filter(\.isFrozen).reduce(0) { $0 + $1.count }
            rows.append([
                .text(name == state.currentNet ? "*" : ""), .text(name), "net",
                .text(record.description),
                .text(record.network.dtype == .float64 ? "f64" : "f32"),
                .number(Double(parameters)), frozen > 0 ? .number(Double(frozen)) : .empty,
                .number(Double(record.heldBytes)), .number(Double(record.steps)),
                .number(Double(record.epochs)),
            ])
        }
        for name in state.dataOrder {
            guard let record = state.datasets[name] else { continue }
            let training = record.training
            let validation = record.validation.map { " + \($0.count) validation" } ?? ""
            let classes = training.task.classCount.map { ", \($0) classes" } ?? ""
            rows.append([
                .text(name == state.currentData ? "*" : ""), .text(name), "data",
                .text(
                    "[\(training.count), \(training.featureCount)] → [\(training.count), \(training.targetWidth)]"
                        + validation + classes),
                "f64", .empty, .empty, .number(Double(record.heldBytes)), .empty, .empty,
            ])
        }
        return try Table(
            title: "variables (* current)",
            headers: [
                "", "name", "kind", "shape", "dtype", "parameters", "frozen", "bytes", "step", "epoch",
            ],
            rows: rows,
            footnote: "bytes as memory counts them: a net's parameters, gradients, optimizer state, plans, "
                + "history and starting weights; a data set's inputs and targets as Float64",
            numberFormat: NumberFormat(significantDigits: 17))
    }
}
