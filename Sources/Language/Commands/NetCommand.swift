import Engine

/// `net NAME = SPEC`, `net NAME = perceptron N`, `net NAME = adaline N`.
enum NetCommand {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        guard let target = command.target, let name = target.name else {
            throw LanguageError.syntax(
                why: "a net's name is a single word", at: command.target?.range ?? command.range)
        }
        let dtype = context.state.numberType.dtype
        try NameRules.checkNewName(name, at: target.range)
        let (spec, rule) = try specification(command, in: context)
        // Rosenblatt and Widrow-Hoff started from zero weights; backprop nets need random ones.
        let initializer =
            rule != .backprop && command.option("init") == nil ? .zeros : initializer(command)
        let parameterCount = parameters(of: spec)
        guard parameterCount <= maximumParameters else {
            throw LanguageError.notAllowed(
                why: "net '\(name)' would have \(parameterCount) parameters, more than \(maximumParameters)",
                notes: ["this kernel is for nets small enough to look at"], at: command.arguments.first?.range
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

    /// Refused above this, so a typo such as `2 -> 100000 -> 100000` cannot exhaust memory.
    static let maximumParameters = 20_000_000

    private static func parameters(of spec: NetworkSpec) -> Int { spec.parameterCount ?? Int.max }

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

    /// The spec and learning rule the arguments describe, built from the parse tree, so each
    /// mistake is reported at its own expression.
    private static func specification(_ command: CommandStatement, in context: ExecutionContext) throws
        -> (NetworkSpec, LearningRule)
    {
        switch command.arguments.first {
        case .chain(let segments, let range)?:
            guard command.arguments.count == 1 else {
                throw LanguageError.unexpected(
                    what: "value after the net's layers", at: command.arguments[1].range)
            }
            return (try spec(of: segments, whole: range), .backprop)
        case .value(let first)? where first.name == "gpt":
            return (try GPTSpec.spec(command, in: context), .backprop)
        case .value(let first)?:
            guard let word = first.name, ["perceptron", "adaline"].contains(word) else {
                throw LanguageError.expected(
                    what:
                        "layers such as 2 -> 4 tanh -> 1 sigmoid, or gpt vocab=DATA, or perceptron N, or adaline N",
                    at: first.range)
            }
            let inputs = try ArgumentReader.integer(command, at: 1, in: 1...100_000)
            return (
                NetworkSpec(inputWidth: inputs, layers: [.dense(width: 1, activation: .identity)]),
                word == "perceptron" ? .perceptron : .lms
            )
        case nil:
            throw LanguageError.syntax(why: "'net' needs layers", at: command.range)
        }
    }

    /// `IN -> UNITS [ACTIVATION] -> dropout P -> layernorm -> ...`, or `tokens K -> embed D ->
    /// ...`: the first segment is the input, each later one a layer. Mistakes are the engine's
    /// `NetworkSpecError`s, worded as the engine's messages are, at the expression they name.
    private static func spec(of segments: [[ValueExpression]], whole: SourceRange) throws -> NetworkSpec {
        func failure(_ error: NetworkSpecError, at range: SourceRange?) -> LanguageError {
            .engine(.spec(error), at: range ?? whole)
        }
        guard var first = segments.first, var input = first.first else { throw failure(.empty, at: whole) }
        var inputKind = NetworkSpec.InputKind.features
        if input.name?.lowercased() == "tokens" {
            inputKind = .tokens
            first.removeFirst()
            guard let count = first.first else {
                throw LanguageError.expected(
                    what: "the number of token ids per example after 'tokens'",
                    notes: ["for example: net lm = tokens 3 -> embed 10 -> 200 tanh -> 27 softmax"],
                    at: input.range)
            }
            input = count
        }
        let inputWidth = try width(input, segment: 0)
        if first.count > 1 {
            throw failure(
                .expected(token: try text(of: first[1]), segment: 0, expected: .end), at: first[1].range)
        }
        var layers: [NetworkSpec.LayerSpec] = []
        for (index, terms) in segments.enumerated().dropFirst() {
            guard let head = terms.first else { throw failure(.emptySegment(segment: index), at: whole) }
            let word = head.name?.lowercased()
            if word == "embed" {
                guard terms.count > 1 else {
                    throw LanguageError.expected(
                        what: "the embedding's width after 'embed' in layer \(index)",
                        notes: ["for example: embed 10, ten values per token"], at: head.range)
                }
                let positions = terms.count > 2 && terms[2].name?.lowercased() == "positions"
                if terms.count > 2, !positions {
                    throw failure(
                        .expected(token: try text(of: terms[2]), segment: index, expected: .positionsOrEnd),
                        at: terms[2].range)
                }
                if terms.count > 3 {
                    throw failure(
                        .expected(token: try text(of: terms[3]), segment: index, expected: .end),
                        at: terms[3].range)
                }
                let vectorWidth = try width(terms[1], segment: index)
                layers.append(
                    positions ? .positionalEmbedding(width: vectorWidth) : .embedding(width: vectorWidth))
                if index != 1 || inputKind != .tokens {
                    throw failure(.embeddingNotFirst(segment: index), at: head.range)
                }
            } else if word == "dropout" {
                layers.append(.dropout(probability: try probability(terms[...], segment: index)))
            } else if word == "attention" || word == "block" {
                guard terms.count > 1 else {
                    throw LanguageError.expected(
                        what: "the number of heads after '\(word!)' in layer \(index)",
                        notes: ["for example: \(word!) 4, four heads"], at: head.range)
                }
                let heads = try width(terms[1], segment: index)
                var dropout = 0.0
                if terms.count > 2 {
                    guard terms[2].name?.lowercased() == "dropout" else {
                        throw failure(
                            .expected(token: try text(of: terms[2]), segment: index, expected: .dropoutOrEnd),
                            at: terms[2].range)
                    }
                    dropout = try probability(terms.dropFirst(2), segment: index)
                }
                layers.append(
                    word == "block"
                        ? .transformerBlock(heads: heads, dropout: dropout)
                        : .attention(heads: heads, dropout: dropout))
                if let error = NetworkSpec(inputWidth: inputWidth, inputKind: inputKind, layers: layers)
                    .structuralError()
                {
                    throw failure(error, at: error.isAboutHeads ? terms[1].range : head.range)
                }
            } else if word == "layernorm" || word == "layer_norm" {
                if terms.count > 1 {
                    throw failure(
                        .expected(token: try text(of: terms[1]), segment: index, expected: .end),
                        at: terms[1].range)
                }
                layers.append(.layerNorm)
            } else {
                let units = try width(head, segment: index)
                var words = Array(terms.dropFirst())
                let tied = words.last?.name?.lowercased() == "tied"
                if tied { words.removeLast() }
                var activation = Activation.identity
                if let first = words.first {
                    let name = try text(of: first)
                    guard let parsed = Activation(name: name) else {
                        throw failure(
                            .unknownActivation(token: name, segment: index, valid: Activation.names),
                            at: first.range)
                    }
                    activation = parsed
                }
                if words.count > 1 {
                    throw failure(
                        .expected(token: try text(of: words[1]), segment: index, expected: .tiedOrEnd),
                        at: words[1].range)
                }
                layers.append(
                    tied
                        ? .tiedOutput(width: units, activation: activation)
                        : .dense(width: units, activation: activation))
            }
        }
        guard layers.contains(where: \.isOutputMap) else {
            throw failure(.noLayers, at: whole)
        }
        let spec = NetworkSpec(inputWidth: inputWidth, inputKind: inputKind, layers: layers)
        if let error = spec.structuralError() {
            let segment = error.segment.flatMap { $0 < segments.count ? $0 : nil } ?? 1
            throw failure(error, at: segments.count > segment ? segments[segment].first?.range : whole)
        }
        return spec
    }

    /// `dropout P` (the terms from the word on): P from 0 up to 1, and nothing after it.
    private static func probability(_ terms: ArraySlice<ValueExpression>, segment: Int) throws -> Double {
        let word = terms[terms.startIndex]
        guard terms.count > 1, case .number(let p) = terms[terms.startIndex + 1].kind, p >= 0, p < 1 else {
            let token = terms.count > 1 ? try text(of: terms[terms.startIndex + 1]) : ""
            throw LanguageError.engine(
                .spec(.expected(token: token, segment: segment, expected: .probability)),
                at: terms.count > 1 ? terms[terms.startIndex + 1].range : word.range)
        }
        if terms.count > 2 {
            let extra = terms[terms.startIndex + 2]
            throw LanguageError.engine(
                .spec(.expected(token: try text(of: extra), segment: segment, expected: .end)),
                at: extra.range)
        }
        return p
    }

    /// No layer is wider than this: a width alone brings as many biases, so a wider one could never
    /// pass the parameter limit, and an `Int` holds every width up to it.
    static let maximumWidth = maximumParameters

    /// A width: a whole number from 1 to `maximumWidth`. A huge one is out of range (inf, what
    /// `1e400` lexes to, is too wide rather than not whole); anything else is not a width.
    private static func width(_ expression: ValueExpression, segment: Int) throws -> Int {
        if case .number(let value) = expression.kind, value == value.rounded(), value > 0 {
            guard let width = WholeNumber.exact(value, in: 1...maximumWidth) else {
                throw LanguageError.numberOutOfRange(
                    value: value, of: "a layer width",
                    expected:
                        "a whole number from 1 to \(maximumWidth), as a net has at most \(maximumParameters) parameters",
                    at: expression.range)
            }
            return width
        }
        throw LanguageError.engine(
            .spec(.expected(token: try text(of: expression), segment: segment, expected: .positiveWidth)),
            at: expression.range)
    }

    /// A term as the messages quote it: a word, or a number as the user wrote it.
    private static func text(of expression: ValueExpression) throws -> String {
        switch expression.kind {
        case .number(let value): return specText(of: value)
        case .path(let parts): return parts.joined(separator: ".")
        default:
            throw LanguageError.expected(what: "a width or an activation in a net", at: expression.range)
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
        guard rule == .backprop, let last = network.outputMap?.layer else { return Loss(.mse) }
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
