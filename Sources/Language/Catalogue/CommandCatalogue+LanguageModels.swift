extension CommandCatalogue {
    /// Commands for nets that read tokens: the language models of `tokens K -> embed D -> ...`.
    static let languageModelCommands: [CommandSpec] = [
        CommandSpec(
            "sample", run: { try SampleCommand.run($0, in: &$1) },
            syntax: "sample [NET] [N] [key=value ...]",
            summary:
                "draw N words, or a passage of N characters, from a language model, one character at a time",
            arguments: 0...2,
            options: [
                OptionSpec(
                    "temperature", .number, default: "1",
                    "divides the logits: below 1 sharpens, above 1 flattens, 0 takes the likeliest (greedy)"),
                OptionSpec("top_k", .integer, "draw only among the k likeliest characters (default: all)"),
                OptionSpec("prompt", .string, "characters each word starts with (default: none)"),
                OptionSpec(
                    "length", .integer, default: "\(SampleCommand.defaultLength)",
                    "characters drawn at most per word"),
                OptionSpec(
                    "seed", .integer, "generator seed for the draws (default: drawn from the session's)"),
                OptionSpec(
                    "on", .name, "data set whose characters spell the samples (default: the current one)"),
            ],
            changes: .nothing,
            example:
                "data names = words \"data/names.txt\" context=3\nnet bengio = tokens 3 -> embed 10 -> 200 tanh -> 27 softmax\nsample 5 seed=1\nsample bengio 3 temperature=0 prompt=\"em\"",
            details:
                "For a net that starts with tokens K. On a word list (words \"FILE\") it draws N words "
                + "(default 10): each starts from K padding marks . and the prompt, and each next character "
                + "is drawn from softmax(z / T) over the net's logits z given the K characters before it, "
                + "until the net draws . (the end of a word) or length= characters. On running text "
                + "(text \"FILE\") it draws one passage of N characters (default 200) after the prompt. "
                + "The characters are the data set's vocabulary. A second table shows how the first word "
                + "(or the passage's first 20 characters) was drawn.")
    ]
}
