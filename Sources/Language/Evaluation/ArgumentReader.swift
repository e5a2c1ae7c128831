/// Reads positional arguments and options of a validated command as typed values,
/// with errors that point at the argument.
enum ArgumentReader {
    static func expression(_ command: CommandStatement, at index: Int) throws(LanguageError)
        -> ValueExpression
    {
        guard index < command.arguments.count else {
            throw .argumentCount(
                command: command.name, accepted: nil, given: command.arguments.count, at: command.range)
        }
        guard case .value(let expression) = command.arguments[index] else {
            throw .syntax(why: "'->' is not allowed here", at: command.arguments[index].range)
        }
        return expression
    }

    static func number(_ command: CommandStatement, at index: Int, in range: ClosedRange<Double>)
        throws(LanguageError) -> Double
    {
        let expression = try expression(command, at: index)
        guard case .number(let value) = expression.kind else {
            throw .wrongType(.argument(command: command.name), expected: "a number", at: expression.range)
        }
        guard range.contains(value) else {
            let formatter = ValueFormatter(digits: 6)
            throw .numberOutOfRange(
                value: value, of: "'\(command.name)'",
                expected:
                    "a number from \(formatter.format(range.lowerBound)) to \(formatter.format(range.upperBound))",
                at: expression.range)
        }
        return value
    }

    static func integer(_ command: CommandStatement, at index: Int, in range: ClosedRange<Int>)
        throws(LanguageError) -> Int
    {
        let expression = try expression(command, at: index)
        // inf (what `1e400` lexes to) is out of range rather than not whole.
        guard case .number(let value) = expression.kind, value == value.rounded() else {
            throw .wrongType(
                .argument(command: command.name), expected: "a whole number", at: expression.range)
        }
        guard let integer = WholeNumber.exact(value, in: range) else {
            throw .numberOutOfRange(
                value: value, of: "'\(command.name)'",
                expected: "a whole number \(WholeNumber.describe(range, missedBy: value))",
                at: expression.range)
        }
        return integer
    }

    static func word(_ command: CommandStatement, at index: Int) throws(LanguageError) -> String {
        let expression = try expression(command, at: index)
        guard let name = expression.pathText else {
            throw .wrongType(.argument(command: command.name), expected: "a name", at: expression.range)
        }
        return name
    }
}
