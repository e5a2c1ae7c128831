/// Checks a parsed command against its `CommandSpec`: argument count, keywords, options and their types.
enum CommandValidator {
    static func validate(_ statement: CommandStatement, against spec: CommandSpec) throws(LanguageError) {
        let count = statement.arguments.count
        if !spec.arguments.contains(count) {
            let range =
                count > spec.arguments.upperBound
                ? statement.arguments[spec.arguments.upperBound].range : statement.range
            throw .argumentCount(command: spec.name, accepted: spec.arguments, given: count, at: range)
        }
        if spec.keywordsAreExhaustive, case .value(let first)? = statement.arguments.first {
            guard let word = first.name, spec.keywords.contains(word) else {
                throw .unknownKeyword(
                    command: spec.name, word: first.pathText ?? sourceDescription(first),
                    keywords: spec.keywords,
                    at: first.range)
            }
        }
        var seen: Set<String> = []
        for option in statement.options {
            guard let optionSpec = spec.option(option.name) else {
                throw .unknownOption(
                    option: option.name, owner: .command(spec.name), accepted: spec.options.map(\.name),
                    at: option.nameRange)
            }
            if !seen.insert(option.name).inserted {
                throw .repeatedOption(option: option.name, at: option.nameRange)
            }
            try check(option, is: optionSpec.type)
        }
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

    private static func check(_ option: OptionArgument, is type: OptionType) throws(LanguageError) {
        let value = option.value
        func mismatch(_ expected: String) -> LanguageError {
            .wrongType(
                .option(option.name, given: sourceDescription(value)), expected: expected, at: value.range)
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
                throw .invalidChoice(
                    option: option.name, value: word, choices: choices, inList: false, at: value.range)
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
                    throw .wrongType(
                        .option(option.name, given: sourceDescription(item)),
                        expected: "names from \(choices.joined(separator: ", "))", at: item.range)
                }
                if !choices.contains(word) {
                    throw .invalidChoice(
                        option: option.name, value: word, choices: choices, inList: true, at: item.range)
                }
                if !seen.insert(word).inserted {
                    throw .repeatedChoice(option: option.name, value: word, at: item.range)
                }
            }
        case .numberOrChoice(let choices):
            if case .number = value.kind { return }
            guard let word = value.name else {
                throw mismatch((["a number"] + choices).joined(separator: ", "))
            }
            if !choices.contains(word) {
                throw .invalidChoice(
                    option: option.name, value: word, choices: choices, inList: false, at: value.range)
            }
        case .comparison:
            guard case .comparison(let left, _, let right) = value.kind, left.name != nil,
                case .number = right.kind
            else { throw mismatch("a condition such as loss<0.01") }
        }
    }
}
