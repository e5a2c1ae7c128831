/// What a command accepts and how it is explained: the single source for validation,
/// `help`, completion and inspect.
public struct CommandSpec: Sendable {
    /// Whether a command takes `NAME =` (or `PATH =`) before its arguments.
    public enum TargetRule: Sendable {
        case none
        case optional
        case required
    }

    public var name: String
    /// Usage line, such as `train [EPOCHS] [on DATA] [key=value ...]`.
    public var syntax: String
    /// One line for the `help` list.
    public var summary: String
    public var target: TargetRule
    /// How many positional arguments (a chain counts as one).
    public var arguments: ClosedRange<Int>
    public var options: [OptionSpec]
    /// Words allowed as the first argument, for completion (`show summary`, `plot loss`).
    public var keywords: [String]
    /// Whether the first argument must be one of `keywords` (`show`, `loss`), not just may be.
    public var keywordsAreExhaustive: Bool
    /// Whether running it may change a net's tensors or optimizer (objects, not values), so a
    /// failure must put them back; read-only commands skip that snapshot.
    public var touchesNets: Bool
    /// A line or two of example code.
    public var example: String
    /// Extra paragraphs for `help NAME`.
    public var details: String

    public init(
        _ name: String, syntax: String, summary: String, target: TargetRule = .none,
        arguments: ClosedRange<Int> = 0...0, options: [OptionSpec] = [], keywords: [String] = [],
        exhaustive keywordsAreExhaustive: Bool = false, touchesNets: Bool = true, example: String,
        details: String = ""
    ) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.target = target
        self.arguments = arguments
        self.options = options
        self.keywords = keywords
        self.keywordsAreExhaustive = keywordsAreExhaustive
        self.touchesNets = touchesNets
        self.example = example
        self.details = details
    }

    /// The option called `name`, if the command has one.
    public func option(_ name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}

/// One `key=value` option of a command.
public struct OptionSpec: Sendable {
    public var name: String
    public var type: OptionType
    /// The default as the user would write it; nil when there is none.
    public var defaultValue: String?
    /// One line.
    public var meaning: String

    public init(_ name: String, _ type: OptionType, default defaultValue: String? = nil, _ meaning: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.meaning = meaning
    }
}

/// The kind of value an option takes.
public enum OptionType: Sendable, Equatable {
    case integer
    case number
    case string
    case name
    case boolean
    /// One of a fixed set of names.
    case choice([String])
    /// A condition such as `loss<0.01`.
    case comparison

    /// How help shows the type.
    public var description: String {
        switch self {
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .name: return "name"
        case .boolean: return "true|false"
        case .choice(let choices): return choices.joined(separator: "|")
        case .comparison: return "condition"
        }
    }
}
