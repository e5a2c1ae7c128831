/// Computes the value of an expression against the session's state.
enum ExpressionEvaluator {
    static func evaluate(_ expression: ValueExpression, in state: SessionState) throws(LanguageError) -> Value
    {
        switch expression.kind {
        case .number(let number):
            return .number(number)
        case .string(let text):
            return .string(text)
        case .list(let elements):
            return .list(
                try elements.map { (element) throws(LanguageError) in try evaluate(element, in: state) })
        case .comparison:
            throw LanguageError.syntax(
                why: "a condition is only allowed as an option value",
                notes: ["for example: train steps=1000 until=loss<0.01"], at: expression.range)
        case .path(let parts):
            return try resolve(parts, at: expression.range, in: state)
        }
    }

    private static func resolve(_ parts: [String], at range: SourceRange, in state: SessionState)
        throws(LanguageError) -> Value
    {
        let head = parts[0]
        let known = state.knownNames
        if known.contains(head) { return try PathResolver(state: state).resolve(parts, at: range) }
        // A lone word that is no name but looks like a command is most likely a misspelt command.
        if parts.count == 1, !known.contains(head),
            NameSuggester.nearest(to: head, among: known) == nil,
            NameSuggester.nearest(to: head, among: CommandCatalogue.names) != nil
        {
            throw LanguageError.unknownName(
                what: "command", name: head, candidates: CommandCatalogue.names, at: range)
        }
        throw LanguageError.unknownName(what: "name", name: head, candidates: known, at: range)
    }
}
