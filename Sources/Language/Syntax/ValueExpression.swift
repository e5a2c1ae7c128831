/// A value as written in a cell, with where it was written.
public indirect enum ValueExpressionKind: Sendable, Equatable {
    case number(Double)
    case string(String)
    /// A name or dotted path: `xor`, `xor.L1.W`, `tanh`.
    case path([String])
    /// `[a, b, ...]`; nested lists are matrices.
    case list([ValueExpression])
    /// `loss<0.01`, as in `until=loss<0.01`.
    case comparison(ValueExpression, ComparisonOperator, ValueExpression)
}

/// An expression and its source range.
public struct ValueExpression: Sendable, Equatable {
    public var kind: ValueExpressionKind
    public var range: SourceRange

    public init(_ kind: ValueExpressionKind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The dotted path's text if this is a path, such as `xor.L1.W`.
    public var pathText: String? {
        if case .path(let parts) = kind { return parts.joined(separator: ".") }
        return nil
    }

    /// The single name, if this is a path without dots.
    public var name: String? {
        if case .path(let parts) = kind, parts.count == 1 { return parts[0] }
        return nil
    }
}
