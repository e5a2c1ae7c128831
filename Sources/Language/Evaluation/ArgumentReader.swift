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
        guard case .number(let value) = expression.kind, value == value.rounded(), value.magnitude < 9e15
        else {
            throw Diagnostic(
                .valueError, "'\(command.name)' expects a whole number here", at: expression.range)
        }
        guard range.contains(Int(value)) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw Diagnostic(
                .valueError, "\(Int(value)) is out of range for '\(command.name)'", at: expression.range,
                notes: ["expected a whole number from \(range.lowerBound)\(upper)"])
        }
        return Int(value)
    }

    static func word(_ command: CommandStatement, at index: Int) throws -> String {
        let expression = try expression(command, at: index)
        guard let name = expression.pathText else {
            throw Diagnostic(.valueError, "'\(command.name)' expects a name here", at: expression.range)
        }
        return name
    }
}

/// Reads a validated command's options as typed values (the validator has checked their types).
enum OptionReader {
    static func number(_ command: CommandStatement, _ name: String) -> Double? {
        guard case .number(let value)? = command.option(name)?.value.kind else { return nil }
        return value
    }

    static func integer(
        _ command: CommandStatement, _ name: String, atLeast minimum: Int = 0, atMost maximum: Int = Int.max
    ) throws -> Int? {
        guard let option = command.option(name), case .number(let value) = option.value.kind else {
            return nil
        }
        guard Int(value) >= minimum, Int(value) <= maximum else {
            let bound = maximum == Int.max ? "at least \(minimum)" : "from \(minimum) to \(maximum)"
            throw Diagnostic(.valueError, "option '\(name)' must be \(bound)", at: option.value.range)
        }
        return Int(value)
    }

    static func word(_ command: CommandStatement, _ name: String) -> String? {
        guard let value = command.option(name)?.value else { return nil }
        if case .string(let text) = value.kind { return text }
        return value.pathText
    }

    static func boolean(_ command: CommandStatement, _ name: String) -> Bool? {
        word(command, name).map { $0 == "true" }
    }
}

extension ExecutionContext {
    /// The net called `name`, or the current one when `name` is nil.
    func netRecord(_ name: String?, at range: SourceRange?) throws -> NetRecord {
        guard let name = name ?? state.currentNet else {
            throw Diagnostic(
                .nameError, "there is no net yet", at: range,
                notes: ["make one first, for example: net xor = 2 -> 4 tanh -> 1 sigmoid"])
        }
        guard let record = state.nets[name] else {
            throw Diagnostic.unknown("net", name, at: range, among: state.netOrder)
        }
        return record
    }

    /// The data set called `name`, or the current one when `name` is nil.
    func dataRecord(_ name: String?, at range: SourceRange?) throws -> DataRecord {
        guard let name = name ?? state.currentData else {
            throw Diagnostic(
                .nameError, "there is no data set yet", at: range,
                notes: ["make one first, for example: data xor"])
        }
        guard let record = state.datasets[name] else {
            throw Diagnostic.unknown("data set", name, at: range, among: state.dataOrder)
        }
        return record
    }

    /// The data set named by `on=` (or a trailing `on NAME`), else the current one.
    func dataForCommand(_ command: CommandStatement) throws -> DataRecord {
        if let option = command.option("on") {
            return try dataRecord(option.value.pathText, at: option.value.range)
        }
        return try dataRecord(nil, at: command.nameRange)
    }
}

/// Names users may give nets and data sets.
enum NameRules {
    /// A command's name would make the bare name run the command instead of showing the value.
    static func checkNewName(_ name: String, at range: SourceRange) throws {
        if CommandCatalogue.spec(named: name) != nil {
            throw Diagnostic(
                .nameError, "'\(name)' is a command, so it cannot name a net or data set", at: range,
                notes: ["choose another name, such as '\(name)1'"])
        }
    }
}
