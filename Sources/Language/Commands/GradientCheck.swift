import Engine
import Render

/// `gradcheck`: backprop's gradients against central finite differences, per parameter.
enum GradientCheck {
    /// At most this many elements per parameter are checked, spread evenly, to keep it quick.
    static let elementsPerParameter = 64

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let netName = command.arguments.first.flatMap { argument -> ValueExpression? in
            if case .value(let expression) = argument { return expression }
            return nil
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        guard record.rule == .backprop else {
            throw Diagnostic(
                .valueError, "gradcheck needs a net trained by backprop, not by the \(record.rule.rawValue) rule",
                at: command.nameRange)
        }
        let data = try context.dataForCommand(command)
        try StepMechanics.check(data.training, fits: record, at: command.range)
        let epsilon = OptionReader.number(command, "eps") ?? (record.network.dtype == .float64 ? 1e-6 : 1e-2)
        let tolerance = OptionReader.number(command, "tolerance") ?? (record.network.dtype == .float64 ? 1e-4 : 1e-2)
        let batch = try StepMechanics.batch(Array(0..<data.training.count), of: data.training, for: record)
        try StepMechanics.computeGradients(record, batch: batch)
        let plan = try record.network.plan(batchSize: batch.rows, loss: record.loss)
        try plan.load(inputs: batch.inputs)
        try plan.load(targets: batch.targets)
        func lossNow() -> Double {
            plan.runForward(training: false, random: &record.network.random)
            return plan.lossNode.item
        }
        var rows: [[Table.Cell]] = []
        var allPass = true
        for parameter in record.network.parameters {
            try context.checkInterrupt("'gradcheck'", at: command.range)
            let analytic = parameter.grad ?? [Double](repeating: 0, count: parameter.count)
            let stride = max(1, parameter.count / elementsPerParameter)
            var worstAbsolute = 0.0
            var worstRelative = 0.0
            for index in Swift.stride(from: 0, to: parameter.count, by: stride) {
                let original = parameter[flat: index]
                parameter[flat: index] = original + epsilon
                let plus = lossNow()
                parameter[flat: index] = original - epsilon
                let minus = lossNow()
                parameter[flat: index] = original
                let numeric = (plus - minus) / (2 * epsilon)
                let difference = abs(numeric - analytic[index])
                worstAbsolute = max(worstAbsolute, difference)
                worstRelative = max(worstRelative, difference / max(1e-8, abs(numeric) + abs(analytic[index])))
            }
            let passes = worstRelative <= tolerance || worstAbsolute <= tolerance * 1e-2
            allPass = allPass && passes
            rows.append([
                .text(parameter.name), .number(Double((parameter.count + stride - 1) / stride)), .number(worstAbsolute),
                .number(worstRelative), .text(passes ? "ok" : "MISMATCH"),
            ])
        }
        _ = lossNow()
        let note = record.network.dtype == .float32
            ? "f32 limits the agreement; use dtype f64 before making the net for a strict check" : nil
        context.show(
            try Table(
                title: "gradient check of \(record.name): \(allPass ? "all agree" : "some disagree") "
                    + "(eps \(context.state.formatter.format(epsilon)), tolerance \(context.state.formatter.format(tolerance)))",
                headers: ["parameter", "checked", "max |Δ|", "max relative", "result"], rows: rows, footnote: note,
                numberFormat: NumberFormat(significantDigits: 3)
            ).rendering())
    }
}
