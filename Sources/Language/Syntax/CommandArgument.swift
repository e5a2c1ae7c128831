/// One positional argument: an expression, or a chain `a -> b c -> d` of term groups.
public enum CommandArgument: Sendable, Equatable {
    case value(ValueExpression)
    /// `2 -> 4 tanh -> 1 sigmoid` is three segments: [2], [4, tanh], [1, sigmoid].
    case chain([[ValueExpression]], range: SourceRange)

    public var range: SourceRange {
        switch self {
        case .value(let expression): return expression.range
        case .chain(_, let range): return range
        }
    }
}

/// `key=value` after the positional arguments.
public struct OptionArgument: Sendable, Equatable {
    public var name: String
    public var nameRange: SourceRange
    public var value: ValueExpression

    public init(name: String, nameRange: SourceRange, value: ValueExpression) {
        self.name = name
        self.nameRange = nameRange
        self.value = value
    }

    public var range: SourceRange { nameRange.joined(value.range) }
}
