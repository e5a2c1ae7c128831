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
    /// Which nets' tensors and optimizer state (objects, not values) running it may change, so a
    /// failure must put them back; the session snapshots only those.
    public var changes: NetChanges
    /// A line or two of example code.
    public var example: String
    /// Extra paragraphs for `help NAME`.
    public var details: String
    /// Lists `help NAME` shows after the details (optimizers, layer forms, activations).
    public var sections: [HelpSection]
    /// For a command whose first word picks a registry entry (`optim adam`, `loss sse`): the
    /// options that apply after each word, in order; completion offers only those. Empty when
    /// every option applies whatever the word.
    public var optionsByKeyword: [String: [String]]
    /// What running it does, once the validator has accepted the statement.
    let run: CommandAction

    init(
        _ name: String, run: @escaping CommandAction, syntax: String, summary: String,
        target: TargetRule = .none,
        arguments: ClosedRange<Int> = 0...0, options: [OptionSpec] = [], keywords: [String] = [],
        exhaustive keywordsAreExhaustive: Bool = false, changes: NetChanges = .currentNet,
        example: String,
        details: String = "", sections: [HelpSection] = [], optionsByKeyword: [String: [String]] = [:]
    ) {
        self.name = name
        self.run = run
        self.syntax = syntax
        self.summary = summary
        self.target = target
        self.arguments = arguments
        self.options = options
        self.keywords = keywords
        self.keywordsAreExhaustive = keywordsAreExhaustive
        self.changes = changes
        self.example = example
        self.details = details
        self.sections = sections
        self.optionsByKeyword = optionsByKeyword
    }

    /// The option called `name`, if the command has one. An option declared `LAYER.lr` stands
    /// for every `L1.lr`, `L2.lr`, ... (a layer's name, then `.lr`).
    public func option(_ name: String) -> OptionSpec? {
        if let exact = options.first(where: { $0.name == name }) { return exact }
        guard Self.layerOfRateOption(name) != nil else { return nil }
        return options.first { $0.name == Self.layerRateOption }
    }

    /// How a per-layer learning rate option is declared.
    static let layerRateOption = "LAYER.lr"

    /// The layer of an option `L2.lr` (any name of the form WORD.lr), or nil.
    static func layerOfRateOption(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1] == "lr", !parts[0].isEmpty else { return nil }
        return String(parts[0])
    }
}

/// A command's implementation: the statement, on the session's execution context.
typealias CommandAction = @Sendable (CommandStatement, inout ExecutionContext) throws -> Void

/// The nets whose tensors or optimizer state a command may change in place. What lives in the
/// session's values (a net's loss, its optimizer choice, a new net) is put back with the state
/// and needs no snapshot.
public enum NetChanges: Sendable, Equatable {
    /// No net object: read-only commands, and `loss`, `optim`, `net`, `reset`, which replace values.
    case nothing
    /// The current net (`train`, `step`, `backward`, `update`).
    case currentNet
    /// The net named by the first part of the target or first argument (`set xor.L1.W`,
    /// `freeze xor.L1`, `load xor "f"`), or the current net when none is named.
    case namedNet
}

/// One `key=value` option of a command.
public struct OptionSpec: Sendable {
    public var name: String
    public var type: OptionType
    /// The default as the user would write it; nil when there is none.
    public var defaultValue: String?
    /// One line.
    public var meaning: String
    /// What each choice of a `.choice` option means (`init=xavier`), for help; empty when the
    /// names say enough (`reduction=mean|sum`).
    public var choiceMeanings: [HelpSection.Row]

    public init(
        _ name: String, _ type: OptionType, default defaultValue: String? = nil, _ meaning: String,
        choices choiceMeanings: [HelpSection.Row] = []
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.meaning = meaning
        self.choiceMeanings = choiceMeanings
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
    /// One or more of a fixed set of names: one name, or a list of them (`watch=[loss, ratio]`).
    case choices([String])
    /// A condition such as `loss<0.01`.
    case comparison
    /// A number, or one of a fixed set of names (`loss_scale=1024`, `loss_scale=dynamic`).
    case numberOrChoice([String])

    /// How help shows the type.
    public var description: String {
        switch self {
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .name: return "name"
        case .boolean: return "true|false"
        case .choice(let choices): return choices.joined(separator: "|")
        case .choices(let choices): return "[" + choices.joined(separator: "|") + ", ...]"
        case .comparison: return "condition"
        case .numberOrChoice(let choices): return (["N"] + choices).joined(separator: "|")
        }
    }
}
