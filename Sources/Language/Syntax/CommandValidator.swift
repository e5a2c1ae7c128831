/// Checks a parsed command against its `CommandSpec`: argument count, keywords, options and their types.
enum CommandValidator {
    static func validate(_ statement: CommandStatement, against spec: CommandSpec) throws {
        let count = statement.arguments.count
        if !spec.arguments.contains(count) {
            let range =
                count > spec.arguments.upperBound
                ? statement.arguments[spec.arguments.upperBound].range : statement.range
            throw Diagnostic(
                .syntaxError, "'\(spec.name)' takes \(describe(spec.arguments)) but was given \(count)",
                at: range, notes: ["usage: \(spec.syntax)"])
        }
        if spec.keywordsAreExhaustive, case .value(let first)? = statement.arguments.first {
            guard let word = first.name, spec.keywords.contains(word) else {
                throw Diagnostic.unknown(
                    "choice", first.pathText ?? sourceDescription(first), at: first.range,
                    among: spec.keywords
                )
                .with(message: "'\(spec.name)' cannot take '\(first.pathText ?? sourceDescription(first))'")
            }
        }
        var seen: Set<String> = []
        for option in statement.options {
            guard let optionSpec = spec.option(option.name) else {
                var diagnostic = Diagnostic.unknown(
                    "option", option.name, at: option.nameRange, among: spec.options.map(\.name))
                diagnostic.message += " for '\(spec.name)'"
                if spec.options.isEmpty { diagnostic.notes = ["'\(spec.name)' takes no options"] }
                throw diagnostic
            }
            if !seen.insert(option.name).inserted {
                throw Diagnostic(.syntaxError, "option '\(option.name)' is given twice", at: option.nameRange)
            }
            try check(option, is: optionSpec.type)
        }
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        func plural(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if range.lowerBound == range.upperBound {
            return range.lowerBound == 0 ? "no arguments" : plural(range.lowerBound)
        }
        if range.lowerBound == 0 { return "at most \(plural(range.upperBound))" }
        return "\(range.lowerBound) to \(range.upperBound) arguments"
    }

    private static func sourceDescription(_ expression: ValueExpression) -> String {
        switch expression.kind {
        case .number(let value): return ValueFormatter(digits: 6).format(value)
        case .string(let text): return "\"\(Diagnostic.excerpt(text))\""
        case .list: return "a list"
        case .path(let parts): return parts.joined(separator: ".")
        case .comparison: return "a condition"
        }
    }

    private static func check(_ option: OptionArgument, is type: OptionType) throws {
        let value = option.value
        func mismatch(_ expected: String) -> Diagnostic {
            Diagnostic(
                .valueError,
                "option '\(option.name)' takes \(expected) but was given \(sourceDescription(value))",
                at: value.range)
        }
        switch type {
        case .number:
            guard case .number = value.kind else { throw mismatch("a number") }
        case .integer:
            // How large is the reader's business: it knows the range and names it.
            guard case .number(let number) = value.kind, WholeNumber.isWhole(number) else {
                throw mismatch("a whole number")
            }
        case .string:
            guard case .string = value.kind else { throw mismatch("a string") }
        case .name:
            guard value.name != nil else {
                if case .string = value.kind { return }
                throw mismatch("a name")
            }
        case .boolean:
            guard let word = value.name, ["true", "false"].contains(word) else {
                throw mismatch("true or false")
            }
        case .choice(let choices):
            guard let word = value.name else { throw mismatch(choices.joined(separator: ", ")) }
            if !choices.contains(word) {
                throw Diagnostic.unknown("value", word, at: value.range, among: choices, kind: .valueError)
                    .with(message: "option '\(option.name)' cannot be '\(word)'")
            }
        case .choices(let choices):
            // One name alone, or a non-empty list of names, each one of the choices.
            let items: [ValueExpression]
            if case .list(let list) = value.kind { items = list } else { items = [value] }
            guard !items.isEmpty else {
                throw mismatch("one of \(choices.joined(separator: ", ")) or a list of them")
            }
            var seen: Set<String> = []
            for item in items {
                guard let word = item.name else {
                    throw Diagnostic(
                        .valueError,
                        "option '\(option.name)' takes names from \(choices.joined(separator: ", ")) "
                            + "but was given \(sourceDescription(item))",
                        at: item.range)
                }
                if !choices.contains(word) {
                    throw Diagnostic.unknown("value", word, at: item.range, among: choices, kind: .valueError)
                        .with(message: "option '\(option.name)' cannot take '\(word)'")
                }
                if !seen.insert(word).inserted {
                    throw Diagnostic(
                        .valueError, "option '\(option.name)' names '\(word)' twice", at: item.range)
                }
            }
        case .numberOrChoice(let choices):
            if case .number = value.kind { return }
            guard let word = value.name else {
                throw mismatch((["a number"] + choices).joined(separator: ", "))
            }
            if !choices.contains(word) {
                throw Diagnostic.unknown("value", word, at: value.range, among: choices, kind: .valueError)
                    .with(message: "option '\(option.name)' cannot be '\(word)'")
            }
        case .comparison:
            guard case .comparison(let left, _, let right) = value.kind, left.name != nil,
                case .number = right.kind
            else { throw mismatch("a condition such as loss<0.01") }
        }
    }
}

extension Diagnostic {
    /// The same diagnostic with another message.
    func with(message: String) -> Diagnostic {
        var copy = self
        copy.message = message
        return copy
    }
}
