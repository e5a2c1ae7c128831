import Engine
import Foundation
import Render

/// `sample [NET] [N] [temperature=T] [top_k=K] [seed=S] [prompt="TEXT"] [length=L] [on=DATA]`:
/// words drawn from a `tokens K` language model one character at a time, each from
/// softmax(z / T) of the net's logits given the K characters before it. A word starts from
/// the padding mark `.` (or the prompt) and ends when the net draws `.`. A table then shows
/// how the first word was drawn: each window, the most likely next characters and the one
/// drawn, so the numbers behind a sample are visible.
enum SampleCommand {
    static let maximumCount = 1000
    static let maximumLength = 1000
    static let defaultLength = 50
    /// Next characters listed per step in the table of the first word.
    static let candidatesShown = 5

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var netName: ValueExpression?
        var count = 10
        for (index, argument) in command.arguments.enumerated() {
            guard case .value(let expression) = argument else {
                throw Diagnostic(.syntaxError, "'->' is not allowed here", at: argument.range)
            }
            if case .number = expression.kind {
                count = try ArgumentReader.integer(command, at: index, in: 1...maximumCount)
            } else if netName == nil, expression.name != nil {
                netName = expression
            } else {
                throw Diagnostic(
                    .syntaxError, "expected a net's name and the number of samples", at: expression.range,
                    notes: ["usage: sample [NET] [N] [key=value ...]"])
            }
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let spec = record.network.spec
        guard spec.inputKind == .tokens else {
            throw Diagnostic(
                .valueError, "net '\(record.name)' does not read tokens, so it has nothing to sample",
                at: netName?.range ?? command.nameRange,
                notes: [
                    "a language model starts with tokens K -> embed D, e.g. tokens 3 -> embed 10 -> 200 tanh -> 27 softmax"
                ])
        }
        let data = try context.dataForCommand(command)
        guard let vocabulary = data.training.inputVocabulary else {
            throw Diagnostic(
                .valueError, "data set '\(data.name)' has no vocabulary to spell the samples with",
                at: command.option("on")?.value.range ?? command.nameRange,
                notes: ["sample reads the characters of a words \"FILE\" data set"])
        }
        guard vocabulary.count == spec.outputWidth else {
            throw Diagnostic(
                .shapeError,
                "net '\(record.name)' predicts \(spec.outputWidth) tokens but data set '\(data.name)' has a vocabulary of \(vocabulary.count)",
                at: command.option("on")?.value.range ?? command.nameRange)
        }
        let sampler = TokenSampler(
            temperature: try temperature(command),
            topK: try OptionReader.integer(command, "top_k", atLeast: 1, atMost: vocabulary.count))
        let length =
            try OptionReader.integer(command, "length", atLeast: 1, atMost: maximumLength) ?? defaultLength
        let prompt = try promptTokens(command, vocabulary: vocabulary)
        let seed = try OptionReader.integer(command, "seed").map(UInt64.init) ?? context.state.random.next()
        var random = RandomSource(seed: seed)
        let start = [Int](repeating: 0, count: spec.inputWidth) + prompt
        var words: [[SampledToken]] = []
        do {
            for _ in 0..<count {
                words.append(
                    try record.network.sample(
                        after: start, sampler: sampler, limit: length, stop: 0, random: &random))
            }
        } catch {
            throw EngineMessages.diagnostic(for: error, at: command.range)
        }
        let digits = context.state.digits
        let promptText = prompt.map { vocabulary[$0] }.joined()
        context.show(
            try list(
                words, prompt: promptText, vocabulary: vocabulary, title: title(record, sampler, seed),
                digits: digits))
        if let first = words.first {
            context.show(try steps(first, vocabulary: vocabulary, digits: digits))
        }
    }

    private static func temperature(_ command: CommandStatement) throws -> Double {
        guard let option = command.option("temperature") else { return 1 }
        guard case .number(let value) = option.value.kind, value >= 0, value <= 100 else {
            throw Diagnostic(
                .valueError, "temperature must be a number from 0 (greedy) to 100", at: option.value.range,
                notes: ["1 samples the net's own distribution; below 1 sharpens it, above flattens it"])
        }
        return value
    }

    /// The prompt's characters as token ids; each must be in the vocabulary.
    private static func promptTokens(_ command: CommandStatement, vocabulary: [String]) throws -> [Int] {
        guard let option = command.option("prompt") else { return [] }
        guard case .string(let text) = option.value.kind else {
            throw Diagnostic(.valueError, "prompt is a string, e.g. prompt=\"em\"", at: option.value.range)
        }
        return try text.map { character in
            guard let id = vocabulary.firstIndex(of: String(character)), id != 0 else {
                throw Diagnostic(
                    .valueError, "the prompt's character '\(character)' is not in the vocabulary",
                    at: option.value.range,
                    notes: ["the vocabulary: " + vocabulary.dropFirst().joined(separator: " ")])
            }
            return id
        }
    }

    private static func title(_ record: NetRecord, _ sampler: TokenSampler, _ seed: UInt64) -> String {
        var parts = [
            sampler.temperature == 0
                ? "greedy" : "temperature \(ValueFormatter(digits: 6).format(sampler.temperature))"
        ]
        if let k = sampler.topK { parts.append("top \(k)") }
        // Greedy decoding draws nothing at random.
        if sampler.temperature > 0 { parts.append("seed \(seed)") }
        return "samples of \(record.name) (" + parts.joined(separator: ", ") + ")"
    }

    /// One row per word: its text, its length, and its mean −log p per character (the loss the
    /// net would have on it, at this temperature).
    private static func list(
        _ words: [[SampledToken]], prompt: String, vocabulary: [String], title: String, digits: Int
    ) throws -> Rendering {
        let rows = words.enumerated().map { index, tokens -> [Table.Cell] in
            let ended = tokens.last?.token == 0
            let text =
                prompt
                + tokens.prefix(ended ? tokens.count - 1 : tokens.count).map { vocabulary[$0.token] }.joined()
            let surprise =
                tokens.map { -log($0.probabilities[$0.token]) }.reduce(0, +) / Double(max(1, tokens.count))
            return [
                .number(Double(index + 1)), .text(ended ? text : text + "…"), .number(Double(text.count)),
                .number(surprise),
            ]
        }
        return try Table(
            title: title, headers: ["#", "sample", "chars", "−log p per char"], rows: rows,
            footnote: "each character drawn from softmax(z / T) given the characters before it; . ends a word"
                + (words.contains { $0.last?.token != 0 } ? "; … marks a word cut at length=" : ""),
            numberFormat: NumberFormat(significantDigits: digits)
        ).rendering()
    }

    /// A probability as a percentage of fixed width (` 7.4`, `30.6`, `100`), so the candidates of
    /// successive steps line up.
    private static func percent(_ p: Double) -> String {
        let tenths = Int((p * 1000).rounded())
        let text = tenths >= 1000 ? "100" : "\(tenths / 10).\(tenths % 10)"
        return String(repeating: " ", count: max(0, 4 - text.count)) + text
    }

    /// How one word was drawn: per step the window read, the likeliest next characters with
    /// their probabilities, and the character drawn with its probability.
    private static func steps(_ tokens: [SampledToken], vocabulary: [String], digits: Int) throws -> Rendering
    {
        let rows = tokens.enumerated().map { index, step -> [Table.Cell] in
            let ranked = step.probabilities.indices.sorted {
                step.probabilities[$0] > step.probabilities[$1]
                    || (step.probabilities[$0] == step.probabilities[$1] && $0 < $1)
            }.prefix(candidatesShown).filter { step.probabilities[$0] > 0 }
            let candidates = ranked.map { "\(vocabulary[$0]) \(percent(step.probabilities[$0]))" }
            return [
                .number(Double(index + 1)), .text(step.context.map { vocabulary[$0] }.joined()),
                .text(candidates.joined(separator: "  ")), .text(vocabulary[step.token]),
                .number(step.probabilities[step.token]),
            ]
        }
        return try Table(
            title: "how sample 1 was drawn",
            headers: ["step", "context", "likeliest next (probability, %)", "drawn", "p"], rows: rows,
            footnote: "p: the probability of the character drawn; the loss on it is −log p",
            numberFormat: NumberFormat(significantDigits: digits)
        ).rendering()
    }
}
