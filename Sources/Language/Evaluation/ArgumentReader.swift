/// Reads positional arguments and options of a validated command as typed values,
/// with errors that point at the argument.
enum ArgumentReader {
    static func expression(_ command: CommandStatement, at index: Int) throws -> ValueExpression {
        guard index < command.arguments.count else {
            throw Diagnostic(
                .syntaxError, "'\(command.name)' needs more arguments", at: command.range,
                notes: CommandCatalogue.spec(named: command.name).map { ["usage: \($0.syntax)"] } ?? [])
        }
        guard case .value(let expression) = command.arguments[index] else {
            throw Diagnostic(.syntaxError, "'->' is not allowed here", at: command.arguments[index].range)
        }
        return expression
    }

    static func number(_ command: CommandStatement, at index: Int, in range: ClosedRange<Double>) throws
        -> Double
    {
        let expression = try expression(command, at: index)
        guard case .number(let value) = expression.kind else {
            throw Diagnostic(.valueError, "'\(command.name)' expects a number here", at: expression.range)
        }
        guard range.contains(value) else {
            throw Diagnostic(
                .valueError,
                "\(ValueFormatter(digits: 6).format(value)) is out of range for '\(command.name)'",
                at: expression.range,
                notes: [
                    "expected a number from \(ValueFormatter(digits: 6).format(range.lowerBound)) to \(ValueFormatter(digits: 6).format(range.upperBound))"
                ])
        }
        return value
    }

    static func integer(_ command: CommandStatement, at index: Int, in range: ClosedRange<Int>) throws -> Int
    {
        let expression = try expression(command, at: index)
        // inf (what `1e400` lexes to) is out of range rather than not whole.
        guard case .number(let value) = expression.kind, value == value.rounded() else {
            throw Diagnostic(
                .valueError, "'\(command.name)' expects a whole number here", at: expression.range)
        }
        guard let integer = WholeNumber.exact(value, in: range) else {
            throw Diagnostic(
                .valueError,
                "\(ValueFormatter(digits: 6).format(value)) is out of range for '\(command.name)'",
                at: expression.range,
                notes: ["expected a whole number \(WholeNumber.describe(range, missedBy: value))"])
        }
        return integer
    }

    static func word(_ command: CommandStatement, at index: Int) throws -> String {
        let expression = try expression(command, at: index)
        guard let name = expression.pathText else {
            throw Diagnostic(.valueError, "'\(command.name)' expects a name here", at: expression.range)
        }
        return name
    }
}
