import Engine
import Render

/// `gradcheck`: backprop's gradients against central finite differences, per parameter,
/// computed by the engine on a Float64 copy of the net (the net itself is untouched).
enum GradientCheck {
    static let examplesChecked = 32

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let netName = command.arguments.first.flatMap { argument -> ValueExpression? in
            if case .value(let expression) = argument { return expression }
            return nil
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        guard record.rule == .backprop else {
            throw LanguageError.needsBackprop(
                .gradientCheck, net: record.name, rule: record.rule, at: command.nameRange)
        }
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let epsilon = OptionReader.number(command, "eps") ?? 1e-6
        let tolerance = OptionReader.number(command, "tolerance") ?? 1e-4
        // A few examples exercise every weight; all of a large set would only make it slow.
        let examples = Array(0..<min(data.training.count, examplesChecked))
        let widening = 8 / record.network.dtype.byteCount
        try context.reserve(
            MemoryNeed(
                [
                    ("a Float64 copy of the net", record.network.parameterByteCount * widening),
                    (
                        "its passes over \(examples.count) rows",
                        try record.network.estimatedPlanBytes(batchSize: examples.count, loss: record.loss)
                            .multipliedSaturated(widening)
                    ),
                ], smaller: "a smaller net"), for: command)
        let batch = try StepMechanics.batch(examples, of: data.training, for: record)
        let results = try record.network.gradientCheck(
            inputs: batch.inputs, targets: batch.targets, rows: batch.rows, loss: record.loss, step: epsilon)
        let rows = results.map { result -> [Table.Cell] in
            [
                .text(result.parameter), .number(result.analytic), .number(result.numeric),
                .number(result.worstRelativeError),
                .text(agrees(result, tolerance: tolerance) ? "ok" : "MISMATCH"),
            ]
        }
        let allPass = results.allSatisfy { agrees($0, tolerance: tolerance) }
        let formatter = context.state.formatter
        context.show(
            try Table(
                title: "gradient check of \(record.name): \(allPass ? "all agree" : "some disagree") "
                    + "(eps \(formatter.format(epsilon)), tolerance \(formatter.format(tolerance)), in f64)",
                headers: ["parameter", "backprop", "finite difference", "worst relative error", "result"],
                rows: rows,
                footnote: "each row shows the element where the two disagree most; "
                    + examplesText(checked: examples.count, of: data.training.count) + " of \(data.name)",
                numberFormat: NumberFormat(significantDigits: context.state.digits)
            ).rendering())
    }

    /// "on 1 example", "on 4 examples", or "on the first 32 examples" when the data set has more.
    static func examplesText(checked: Int, of total: Int) -> String {
        let noun = checked == 1 ? "example" : "examples"
        return checked < total ? "on the first \(checked) \(noun)" : "on \(checked) \(noun)"
    }

    /// Close in relative terms, or both so small that their difference is rounding
    /// (a ReLU kink within ±eps also shows up only as a tiny absolute difference).
    static func agrees(_ result: GradientCheckResult, tolerance: Double) -> Bool {
        result.worstRelativeError <= tolerance || abs(result.analytic - result.numeric) <= absoluteFloor
    }

    static let absoluteFloor = 1e-7
}
