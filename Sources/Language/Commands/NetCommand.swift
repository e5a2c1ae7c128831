import Engine

/// `net NAME = SPEC`, `net NAME = perceptron N`, `net NAME = adaline N`.
enum NetCommand {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        guard let target = command.target, let name = target.name else {
            throw Diagnostic(
                .syntaxError, "a net's name is a single word", at: command.target?.range ?? command.range)
        }
        let dtype = context.state.numberType.dtype
        try NameRules.checkNewName(name, at: target.range)
        let (specText, rule) = try specification(command)
        // Rosenblatt and Widrow-Hoff started from zero weights; backprop nets need random ones.
        let initializer =
            rule != .backprop && command.option("init") == nil ? .zeros : initializer(command)
        let spec: NetworkSpec
        do {
            spec = try NetworkSpec(parsing: specText)
        } catch {
            throw EngineMessages.diagnostic(for: error, at: place(of: error, in: command))
        }
        let parameterCount = parameters(of: spec)
        guard parameterCount <= maximumParameters else {
            throw Diagnostic(
                .valueError,
                "net '\(name)' would have \(parameterCount) parameters, more than \(maximumParameters)",
                at: command.arguments.first?.range, notes: ["this kernel is for nets small enough to look at"]
            )
        }
        try context.reserve(
            MemoryEstimates.net(
                parameters: parameterCount, dtype: dtype, optimizer: defaultOptimizer(for: rule)),
            for: command)
        let network = Network(
            spec: spec, dtype: dtype, initializer: initializer, random: &context.state.random)
        let record = NetRecord(
            name: name, network: network, description: description(of: command, rule: rule, spec: spec),
            loss: defaultLoss(for: network, rule: rule), optimizer: defaultOptimizer(for: rule), rule: rule)
        context.state.store(net: record)
    }

    /// The token a spec error names, so the caret sits under it rather than under the whole spec.
    private static func place(of error: NetworkSpecError, in command: CommandStatement) -> SourceRange? {
        let whole = command.arguments.first?.range
        guard case .chain(let segments, _)? = command.arguments.first else { return whole }
        let named: (token: String, segment: Int)?
        switch error {
        case .unknownActivation(let token, let segment, _): named = (token, segment)
        case .expected(let token, let segment, _): named = (token, segment)
        case .emptySegment(let segment): named = ("", segment)
        default: named = nil
        }
        guard let named, named.segment < segments.count else { return whole }
        let segment = segments[named.segment]
        let match = segment.first { expression in
            switch expression.kind {
            case .path(let parts): return parts.joined(separator: ".") == named.token
            case .number(let value): return specText(of: value) == named.token
            default: return false
            }
        }
        return match?.range ?? segment.first.map { $0.range.joined(segment.last!.range) } ?? whole
    }

    /// Refused above this, so a typo such as `2 -> 100000 -> 100000` cannot exhaust memory.
    static let maximumParameters = 20_000_000

    private static func parameters(of spec: NetworkSpec) -> Int {
        var width = spec.inputWidth
        var count = 0
        for layer in spec.layers {
            switch layer {
            case .dense(let next, _):
                let (product, overflow) = width.multipliedReportingOverflow(by: next)
                if overflow { return Int.max }
                count += product + next
                width = next
            case .layerNorm:
                count += 2 * width
            case .dropout:
                break
            }
            if count >= Int.max / 4 { return Int.max }
        }
        return count
    }

    /// `perceptron 2`, `adaline 3`, or the canonical layer spec.
    private static func description(of command: CommandStatement, rule: LearningRule, spec: NetworkSpec)
        -> String
    {
        switch rule {
        case .backprop: return spec.description
        case .perceptron: return "perceptron \(spec.inputWidth)"
        case .lms: return "adaline \(spec.inputWidth)"
        }
    }

    /// The spec text and learning rule the arguments describe.
    private static func specification(_ command: CommandStatement) throws -> (String, LearningRule) {
        switch command.arguments.first {
        case .chain(let segments, _)?:
            guard command.arguments.count == 1 else {
                throw Diagnostic(
                    .syntaxError, "unexpected value after the net's layers", at: command.arguments[1].range)
            }
            let text = try segments.map { segment in
                // `dropout 0.5`: the number is a probability, not a width.
                let isDropout = segment.first?.name?.lowercased() == "dropout"
                return try segment.map { try term($0, isWidth: !isDropout) }.joined(separator: " ")
            }.joined(separator: " -> ")
            return (text, .backprop)
        case .value(let first)?:
            guard let word = first.name, ["perceptron", "adaline"].contains(word) else {
                throw Diagnostic(
                    .syntaxError,
                    "expected layers such as 2 -> 4 tanh -> 1 sigmoid, or perceptron N, or adaline N",
                    at: first.range)
            }
            let inputs = try ArgumentReader.integer(command, at: 1, in: 1...100_000)
            return ("\(inputs) -> 1 identity", word == "perceptron" ? .perceptron : .lms)
        case nil:
            throw Diagnostic(.syntaxError, "'net' needs layers", at: command.range)
        }
    }

    /// No layer is wider than this: a width alone brings as many biases, so a wider one could never
    /// pass the parameter limit, and an `Int` holds every width up to it.
    static let maximumWidth = maximumParameters

    private static func term(_ expression: ValueExpression, isWidth: Bool) throws -> String {
        switch expression.kind {
        case .number(let value):
            // inf, what `1e400` lexes to, is too wide rather than not whole.
            guard isWidth, value == value.rounded(), value > 0 else { return specText(of: value) }
            guard let width = WholeNumber.exact(value, in: 1...maximumWidth) else {
                throw Diagnostic(
                    .valueError,
                    "\(ValueFormatter(digits: 6).format(value)) is out of range for a layer width",
                    at: expression.range,
                    notes: [
                        "expected a whole number from 1 to \(maximumWidth), as a net has at most \(maximumParameters) parameters"
                    ])
            }
            return String(width)
        case .path(let parts):
            return parts.joined(separator: ".")
        default:
            throw Diagnostic(.syntaxError, "expected a width or an activation in a net", at: expression.range)
        }
    }

    /// A number that is not a width as the spec's text has it: dropout probabilities exactly
    /// (shortest round trip), and what the spec's parser refuses (0, -3, 2.5) as the user wrote it.
    private static func specText(of value: Double) -> String {
        WholeNumber.exact(value).map(String.init) ?? "\(value)"
    }

    /// The validator has checked the name against the registry's.
    private static func initializer(_ command: CommandStatement) -> Initializer {
        let name = OptionReader.word(command, "init") ?? InitializerRegistry.defaultName
        return InitializerRegistry.entry(named: name)?.initializer ?? .pytorchDefault
    }

    /// bce after a sigmoid, ce after a softmax, mse otherwise.
    static func defaultLoss(for network: Network, rule: LearningRule) -> Loss {
        guard rule == .backprop, let last = network.denseLayers.last else { return Loss(.mse) }
        switch last.activation {
        case .sigmoid: return Loss(.bce)
        case .softmax: return Loss(.crossEntropy)
        default: return Loss(.mse)
        }
    }

    /// sgd for backprop nets, the rule's own for perceptron and adaline units, all at their
    /// registry defaults, so `show optim` and `help optim` agree on a new net.
    static func defaultOptimizer(for rule: LearningRule) -> OptimizerChoice {
        switch rule {
        case .backprop: return OptimizerChoice(name: "sgd", settings: [:])
        case .perceptron: return OptimizerChoice(name: "perceptron", settings: [:])
        case .lms: return OptimizerChoice(name: "lms", settings: [:])
        }
    }
}
