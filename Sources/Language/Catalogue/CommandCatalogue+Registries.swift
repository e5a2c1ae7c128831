import Engine

/// What `optim`, `loss` and `net` declare, derived from the registries so that validation, help
/// and completion read the same tables as the code that runs.
extension CommandCatalogue {
    static let activations = ActivationRegistry.names
    static let initializers = InitializerRegistry.names
    static let losses = LossRegistry.names
    static let optimizers = OptimizerRegistry.names

    /// Every option any optimizer reads, once, with what it means for the optimizers that read it.
    /// The defaults differ between optimizers, so they are in `optimizerSection`, not here.
    static let optimizerOptions: [OptionSpec] = {
        var specs: [OptionSpec] = []
        for option in OptimizerRegistry.all.flatMap(\.options)
        where !specs.contains(where: { $0.name == option.name }) {
            let users = OptimizerRegistry.all.filter { $0.option(option.name) != nil }
            // Grouped by meaning, since weight decay is not the same thing in adam and adamw.
            var meanings: [(meaning: String, users: [String])] = []
            for user in users {
                let meaning = user.option(option.name)!.meaning
                if let index = meanings.firstIndex(where: { $0.meaning == meaning }) {
                    meanings[index].users.append(user.name)
                } else {
                    meanings.append((meaning, [user.name]))
                }
            }
            let everyone = users.count == OptimizerRegistry.all.count
            let text = meanings.map { group in
                group.meaning + " ("
                    + (everyone && meanings.count == 1 ? "all" : group.users.joined(separator: ", "))
                    + ")"
            }.joined(separator: "; ")
            specs.append(OptionSpec(option.name, option.kind == .flag ? .boolean : .number, text))
        }
        return specs
    }()

    /// Each optimizer with every option at the default it runs with.
    static let optimizerSection = HelpSection(
        "Optimizers, each with every option at its default",
        OptimizerRegistry.all.map { HelpSection.Row($0.name, $0.summary, code: $0.defaultsText) })

    static let lossSection = HelpSection(
        "Losses", LossRegistry.all.map { HelpSection.Row($0.name, $0.summary) })

    static let netLayerSection = HelpSection(
        "Layers, after the input width IN, each after ->",
        [
            HelpSection.Row(
                "UNITS [ACTIVATION]",
                "a dense layer H = X·W + b (W is [in, UNITS]) and its activation, identity if none"),
            HelpSection.Row(
                "dropout P",
                "while training, zeroes each value with probability P (0 ≤ P < 1), scaling the rest by 1/(1 − P)"
            ),
            HelpSection.Row(
                "layernorm",
                "each row to mean 0, variance 1 (ε 1e-5), times gamma plus beta, as nn.LayerNorm (or layer_norm)"
            ),
            HelpSection.Row(
                "embed D",
                "first after tokens K: a table E of one D-wide vector per token, drawn from N(0, 1) as nn.Embedding; the K tokens' rows side by side make K·D values"
            ),
        ])

    static let netTokenSection = HelpSection(
        "Or token ids as the input, for a language model",
        [
            HelpSection.Row(
                "tokens K",
                "K token ids per example (data from words \"FILE\"), from the vocabulary the net predicts: its last layer's width"
            )
        ])

    static let netTransformerSection = HelpSection(
        "Or a transformer: each position a row of its own, predicting the next token",
        [
            HelpSection.Row(
                "embed D positions",
                "first after tokens K: each token's row of a D-wide table plus its position's (GPT's wte + wpe)"
            ),
            HelpSection.Row(
                "attention H",
                "causal self-attention with H heads between two D×D maps (one head reads D/H values)"),
            HelpSection.Row(
                "block H",
                "a pre-norm transformer block: x + attention(layernorm x), then x + MLP(layernorm x), the MLP 4D wide with gelu"
            ),
            HelpSection.Row(
                "block H dropout P",
                "the same with dropout in training: on the attention weights and on each branch before its add (also attention H dropout P)"
            ),
            HelpSection.Row(
                "V softmax tied", "the output layer reads the token table transposed (weight tying), no bias"),
            HelpSection.Row(
                "gpt vocab=DATA",
                "nanoGPT's layers for DATA's characters: layers=4 heads=4 dim=128 context= (the data's) tied=true dropout=0"
            ),
        ])

    static let gptOptions = [
        OptionSpec("vocab", .name, "gpt: the text data set whose characters it reads and predicts"),
        OptionSpec("layers", .integer, default: "4", "gpt: transformer blocks"),
        OptionSpec("heads", .integer, default: "4", "gpt: attention heads per block"),
        OptionSpec("dim", .integer, default: "128", "gpt: the width of every position's vector"),
        OptionSpec("context", .integer, "gpt: positions per example (the data set's context when omitted)"),
        OptionSpec("tied", .boolean, default: "true", "gpt: the output layer reads the token table"),
        OptionSpec(
            "dropout", .number, default: "0",
            "gpt: nanoGPT's dropout, after the embeddings, on the attention weights and on each block's two branches"
        ),
    ]

    static let netUnitSection = HelpSection(
        "Or a single classic unit, instead of layers",
        [
            HelpSection.Row(
                "perceptron N",
                "Rosenblatt's unit on N inputs, output step(z): zero weights, optim perceptron"),
            HelpSection.Row(
                "adaline N", "Widrow and Hoff's linear unit on N inputs: zero weights, optim lms"),
        ])

    static let activationSection = HelpSection(
        "Activations",
        ActivationRegistry.all.map { entry in
            let aliases = entry.aliases.isEmpty ? "" : " (or " + entry.aliases.joined(separator: ", ") + ")"
            return HelpSection.Row(entry.name + aliases, entry.formula)
        })

    static let initializerOption = OptionSpec(
        "init", .choice(InitializerRegistry.names), default: InitializerRegistry.defaultName,
        "how the dense layers' W and b start",
        choices: InitializerRegistry.all.map { HelpSection.Row($0.name, $0.meaning) })
}
