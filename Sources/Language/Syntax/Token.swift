/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
    case number(Double)
    case string(String)
    /// A name or dotted path such as `xor` or `xor.L1.W`.
    case name(String)
    case leftBracket
    case rightBracket
    case comma
    case equals
    case arrow
    case comparison(ComparisonOperator)
    case newline
    case end
}

/// `<`, `<=`, `>`, `>=` as used in `until=loss<0.01`.
public enum ComparisonOperator: String, Sendable, Equatable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// One token with the exact text it came from and where.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    /// The source text of the token, as written.
    public var text: String
    public var range: SourceRange

    public init(kind: TokenKind, text: String, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// How the token is named in "expected ... but found ..." messages.
    var description: String {
        switch kind {
        case .newline: return "end of line"
        case .end: return "end of cell"
        case .string: return "string \(Diagnostic.excerpt(text))"
        case .number: return "number \(Diagnostic.excerpt(text))"
        default: return "'\(Diagnostic.excerpt(text))'"
        }
    }
}
