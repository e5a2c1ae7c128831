import Engine

/// One optimizer `optim` can choose: its options with the defaults the code runs with, the state
/// it keeps and how the engine optimizer is made. Validation, `help optim`, completion, `show
/// optim`, memory estimates and training all read this one declaration, so what help says is
/// what runs.
public struct OptimizerEntry: Sendable {
    /// One `key=value` option the optimizer reads.
    public struct Option: Sendable {
        /// How the option is written: a number, or `true|false` (held as 1 or 0).
        public enum Kind: Sendable {
            case number
            case flag
        }

        public var name: String
        public var kind: Kind
        /// The value used when the option is not given (a flag's is 0 or 1).
        public var defaultValue: Double
        /// One line.
        public var meaning: String

        /// A number option.
        static func number(_ name: String, _ defaultValue: Double, _ meaning: String) -> Option {
            Option(name: name, kind: .number, defaultValue: defaultValue, meaning: meaning)
        }

        /// A `true|false` option.
        static func flag(_ name: String, _ defaultValue: Bool, _ meaning: String) -> Option {
            Option(name: name, kind: .flag, defaultValue: defaultValue ? 1 : 0, meaning: meaning)
        }

        /// A value as the user would write it: `true`/`false` for flags, `0.001`, `1e-8`.
        public func text(of value: Double) -> String {
            switch kind {
            case .flag: return value != 0 ? "true" : "false"
            case .number: return Self.plainText(of: value)
            }
        }

        /// The shortest text that reads back as `value`, with the exponent written as in code (`1e-8`).
        static func plainText(of value: Double) -> String {
            if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
            let text = "\(value)"
            guard let e = text.firstIndex(of: "e") else { return text }
            let mantissa = text[..<e]
            var exponent = text[text.index(after: e)...]
            let sign = exponent.first == "-" ? "-" : ""
            if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
            let digits = exponent.drop { $0 == "0" }
            return String(mantissa) + "e" + sign + (digits.isEmpty ? "0" : String(digits))
        }
    }

    public var name: String
    /// One line for help: what it is and which torch.optim class it follows.
    public var summary: String
    /// Every option it reads, `lr` first.
    public var options: [Option]
    /// How a net learns with it: backprop, or one of the classic single-unit rules.
    public var rule: LearningRule
    /// Buffers shaped like each parameter that the engine optimizer allocates by its first update,
    /// for the memory budget.
    let stateBuffers: @Sendable (OptimizerChoice) -> Int
    /// The engine optimizer, from the choice's effective values (`choice.value(of:)`).
    let make: @Sendable (OptimizerChoice) -> any Optimizer

    /// The option called `name`, if the optimizer reads one.
    public func option(_ name: String) -> Option? {
        options.first { $0.name == name }
    }

    /// `lr=0.1 momentum=0 ...`: every option at its default, as an `optim` line would give it.
    public var defaultsText: String {
        options.map { "\($0.name)=\($0.text(of: $0.defaultValue))" }.joined(separator: " ")
    }
}
