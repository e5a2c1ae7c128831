/// Reads a validated command's options as typed values (the validator has checked their types).
enum OptionReader {
    static func number(_ command: CommandStatement, _ name: String) -> Double? {
        guard case .number(let value)? = command.option(name)?.value.kind else { return nil }
        return value
    }

    static func integer(
        _ command: CommandStatement, _ name: String, atLeast minimum: Int = 0, atMost maximum: Int = Int.max
    ) throws(LanguageError) -> Int? {
        guard let option = command.option(name), case .number(let value) = option.value.kind else {
            return nil
        }
        guard let integer = WholeNumber.exact(value, in: minimum...maximum) else {
            let bound =
                maximum == Int.max && value < Double(minimum)
                ? "at least \(minimum)" : "from \(minimum) to \(maximum)"
            throw .outOfRange(subject: "option '\(name)'", mustBe: bound, at: option.value.range)
        }
        return integer
    }

    static func word(_ command: CommandStatement, _ name: String) -> String? {
        guard let value = command.option(name)?.value else { return nil }
        if case .string(let text) = value.kind { return text }
        return value.pathText
    }

    /// The names of a `.choices` option, one or a list of them, in the order written.
    static func words(_ command: CommandStatement, _ name: String) -> [String]? {
        guard let value = command.option(name)?.value else { return nil }
        if case .list(let items) = value.kind { return items.compactMap(\.name) }
        return value.name.map { [$0] }
    }

    static func boolean(_ command: CommandStatement, _ name: String) -> Bool? {
        word(command, name).map { $0 == "true" }
    }
}
