import Engine
import Render

/// The table that ends a `train`: what ran, the final loss and accuracy, why it stopped.
enum TrainingSummaryTable {
    /// The summary of `record`'s run since `firstStep`; `restored` names the best epoch put back,
    /// and `measuredOn` what part of the data the losses were measured on, when not all of it.
    static func rendering(
        _ record: NetRecord, data: DataRecord, measuredOn: String? = nil, from firstStep: Int,
        seconds: Double,
        stopReason: String?, workers: Int? = nil,
        restored: (epoch: Int, step: Int)?, digits: Int
    ) throws -> Rendering {
        let final = try Metrics.evaluate(record, on: data.training)
        let validation = try data.validation.map { try Metrics.evaluate(record, on: $0) }
        let losses = record.history.records.filter { $0.step > firstStep }.map(\.loss)
        let formatter = ValueFormatter(digits: digits)
        // Each row is a different quantity, so each number is formatted on its own.
        func number(_ value: Double) -> Table.Cell { .text(formatter.format(value)) }
        let stepsRun = record.steps - firstStep
        var rows: [[Table.Cell]] = [
            ["net", .text(record.name)], ["data", .text(data.name)],
            ["steps", number(Double(stepsRun))], ["total steps", number(Double(record.steps))],
            ["epochs", number(Double(record.epochs))], ["loss", number(final.loss)],
        ]
        if let measuredOn { rows.append(["measured on", .text(measuredOn)]) }
        if !losses.isEmpty { rows.append(["loss trend", .sparkline(losses)]) }
        if let validation { rows.append(["validation loss", number(validation.loss)]) }
        if let accuracy = validation?.accuracy {
            rows.append(["validation accuracy", number(accuracy)])
        } else if let accuracy = final.accuracy {
            rows.append(["accuracy", number(accuracy)])
        }
        if let workers {
            rows.append(["workers", .text("\(workers), simulated data parallel (table below)")])
        }
        rows.append(["time (s)", .text(ValueFormatter(digits: 3).format(seconds))])
        if seconds > 0 {
            rows.append(["steps per second", .text(String(Int((Double(stepsRun) / seconds).rounded())))])
        }
        if let stopReason { rows.append(["stopped early", .text(stopReason)]) }
        if let restored {
            let measure = data.validation == nil ? "training loss" : "validation loss"
            rows.append([
                "best epoch",
                .text("\(restored.epoch) (step \(restored.step), lowest \(measure)); its weights restored"),
            ])
        }
        return try Table(
            title: "Training summary",
            columns: [Table.Column("quantity"), Table.Column("value", alignment: .right)],
            rows: rows,
            numberFormat: NumberFormat(significantDigits: digits)
        ).rendering()
    }
}
