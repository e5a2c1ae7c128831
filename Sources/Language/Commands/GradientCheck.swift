import Engine
import Render

/// `gradcheck`: backprop's gradients against central finite differences, per parameter,
/// computed by the engine on a Float64 copy of the net (the net itself is untouched).
enum GradientCheck {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let netName = command.arguments.first.flatMap { argument -> ValueExpression? in
            if case .value(let expression) = argument { return expression }
            return nil
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        guard record.rule == .backprop else {
            throw Diagnostic(
                .valueError,
                "gradcheck needs a net trained by backprop, not by the \(record.rule.rawValue) rule",
                at: command.nameRange)
        }
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let epsilon = OptionReader.number(command, "eps") ?? 1e-6
        let tolerance = OptionReader.number(command, "tolerance") ?? 1e-4
        let batch = try StepMechanics.batch(Array(0..<data.training.count), of: data.training, for: record)
        let results = try record.network.gradientCheck(
            inputs: batch.inputs, targets: batch.targets, rows: batch.rows, loss: record.loss, step: epsilon)
        let rows = results.map { result -> [Table.Cell] in
            [
                .text(result.parameter), .number(result.analytic), .number(result.numeric),
                .number(result.worstRelativeError),
                .text(result.worstRelativeError <= tolerance ? "ok" : "MISMATCH"),
            ]
        }
        let allPass = results.allSatisfy { $0.worstRelativeError <= tolerance }
        let formatter = context.state.formatter
        context.show(
            try Table(
                title: "gradient check of \(record.name): \(allPass ? "all agree" : "some disagree") "
                    + "(eps \(formatter.format(epsilon)), tolerance \(formatter.format(tolerance)), in f64)",
                headers: ["parameter", "backprop", "finite difference", "worst relative error", "result"],
                rows: rows,
                footnote: "each row shows the element where the two disagree most",
                numberFormat: NumberFormat(significantDigits: 4)
            ).rendering())
    }
}
