/// One line of a cell, parsed.
public enum Statement: Sendable, Equatable {
    /// A command such as `train 2000 batch=4`.
    case command(CommandStatement)
    /// A bare value or path; it becomes the cell's result.
    case expression(ValueExpression)

    public var range: SourceRange {
        switch self {
        case .command(let command): return command.range
        case .expression(let expression): return expression.range
        }
    }
}

/// `NAME [TARGET =] ARGUMENTS... [key=value]...`, checked against the command's `CommandSpec`.
public struct CommandStatement: Sendable, Equatable {
    /// The command's name as written (always one in the catalogue).
    public var name: String
    public var nameRange: SourceRange
    /// `ring` in `data ring = circles`, `xor.L1.W` in `set xor.L1.W = ...`.
    public var target: ValueExpression?
    /// Positional arguments in order.
    public var arguments: [CommandArgument]
    /// Options in the order written (each name at most once).
    public var options: [OptionArgument]
    public var range: SourceRange

    public init(
        name: String, nameRange: SourceRange, target: ValueExpression?, arguments: [CommandArgument],
        options: [OptionArgument], range: SourceRange
    ) {
        self.name = name
        self.nameRange = nameRange
        self.target = target
        self.arguments = arguments
        self.options = options
        self.range = range
    }

    /// The option called `name`, if written.
    public func option(_ name: String) -> OptionArgument? {
        options.first { $0.name == name }
    }
}
