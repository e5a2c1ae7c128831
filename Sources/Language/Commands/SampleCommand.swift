import Engine
import Foundation
import Render

/// `sample [NET] [N] [temperature=T] [top_k=K] [seed=S] [prompt="TEXT"] [length=L] [on=DATA]`:
/// characters drawn from a `tokens K` language model one at a time, each from softmax(z / T)
/// of the net's logits given the K characters before it. On a word list's vocabulary it draws
/// N words, each from the padding mark `.` (and the prompt) until the net draws `.`; on running
/// text's, one passage of N characters after the prompt. A table then shows how the first
/// word (or the passage's first characters) was drawn: each window, the most likely next
/// characters and the one drawn, so the numbers behind a sample are visible.
enum SampleCommand {
    static let maximumCount = 1000
    static let maximumLength = 1000
    static let defaultLength = 50
    /// Characters a passage of running text has by default, and at most.
    static let defaultPassage = 200
    static let maximumPassage = 10_000
    /// Next characters listed per step in the table of the first word.
    static let candidatesShown = 5
    /// Steps of a passage explained in its table.
    static let passageStepsShown = 20

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        var netName: ValueExpression?
        var countArgument: Int?
        for (index, argument) in command.arguments.enumerated() {
            guard case .value(let expression) = argument else {
                throw LanguageError.syntax(why: "'->' is not allowed here", at: argument.range)
            }
            if case .number = expression.kind {
                countArgument = index
            } else if netName == nil, expression.name != nil {
                netName = expression
            } else {
                throw LanguageError.expected(
                    what: "a net's name and the number of samples",
                    notes: ["usage: sample [NET] [N] [key=value ...]"], at: expression.range)
            }
        }
        let record = try context.netRecord(netName?.name, at: netName?.range ?? command.nameRange)
        let spec = record.network.spec
        guard spec.inputKind == .tokens else {
            throw LanguageError.notAllowed(
                why: "net '\(record.name)' does not read tokens, so it has nothing to sample",
                notes: [
                    "a language model starts with tokens K -> embed D, e.g. tokens 3 -> embed 10 -> 200 tanh -> 27 softmax"
                ], at: netName?.range ?? command.nameRange)
        }
        let data = try context.dataForCommand(command)
        guard let vocabulary = data.training.vocabulary else {
            throw LanguageError.lacks(
                owner: "data set '\(data.name)'", what: "vocabulary to spell the samples with",
                remedy: "sample reads the characters of a words \"FILE\" or text \"FILE\" data set",
                at: command.option("on")?.value.range ?? command.nameRange)
        }
        guard vocabulary.count == spec.outputWidth else {
            throw LanguageError.shapeMismatch(
                why:
                    "net '\(record.name)' predicts \(spec.outputWidth) tokens but data set '\(data.name)' has a vocabulary of \(vocabulary.count)",
                at: command.option("on")?.value.range ?? command.nameRange)
        }
        let isText = vocabulary.wordEnd == nil
        if isText, let length = command.option("length") {
            throw LanguageError.notAllowed(
                why: "length= is for word lists; a passage of text is N characters long",
                notes: ["for example: sample 300 prompt=\"ROMEO:\""], at: length.nameRange)
        }
        let count =
            try countArgument.map {
                try ArgumentReader.integer(command, at: $0, in: 1...(isText ? maximumPassage : maximumCount))
            } ?? (isText ? defaultPassage : 10)
        let sampler = TokenSampler(
            temperature: try temperature(command),
            topK: try OptionReader.integer(command, "top_k", atLeast: 1, atMost: vocabulary.count))
        let length =
            try OptionReader.integer(command, "length", atLeast: 1, atMost: maximumLength) ?? defaultLength
        let prompt = try promptTokens(command, vocabulary: vocabulary)
        let seed = try OptionReader.integer(command, "seed").map(UInt64.init) ?? context.state.random.next()
        var random = RandomSource(seed: seed)
        // Id 0 pads the window: a word list's `.`, or running text's first character in
        // Unicode order (the newline in most texts, as nanoGPT starts from token 0). A sequence
        // model reads a shorter window as it is, so it starts from the prompt, or that one id.
        let start =
            spec.isSequenceModel
            ? (prompt.isEmpty ? [0] : prompt) : [Int](repeating: 0, count: spec.inputWidth) + prompt
        var drawn: [[SampledToken]] = []
        do {
            for _ in 0..<(isText ? 1 : count) {
                // A thousand words of a thousand characters is a million passes: let an interrupt in.
                if context.shouldStop() {
                    throw LanguageError.interrupted(.sampling(words: drawn.count), at: command.range)
                }
                drawn.append(
                    try record.network.sample(
                        after: start, sampler: sampler, limit: isText ? count : length,
                        stop: vocabulary.wordEnd,
                        random: &random))
            }
        } catch let error as LanguageError {
            throw error
        } catch {
            throw LanguageError(error, at: command.range)
        }
        let digits = context.state.digits
        let symbols = vocabulary.symbols
        let title = heading(record, sampler, seed)
        if isText {
            let passage = String(
                prompt.map { vocabulary.characters[$0] } + drawn[0].map { vocabulary.characters[$0.token] })
            context.show(passageRendering(passage, tokens: drawn[0], title: title, digits: digits))
            context.show(
                try steps(
                    Array(drawn[0].prefix(passageStepsShown)), vocabulary: symbols, digits: digits,
                    title: "how its first \(min(passageStepsShown, drawn[0].count)) characters were drawn"))
        } else {
            let promptText = prompt.map { symbols[$0] }.joined()
            context.show(
                try list(drawn, prompt: promptText, vocabulary: symbols, title: title, digits: digits))
            if let first = drawn.first {
                context.show(
                    try steps(first, vocabulary: symbols, digits: digits, title: "how sample 1 was drawn"))
            }
        }
    }

    /// A passage as it reads, under its title, then the mean −log p of its drawn characters.
    private static func passageRendering(
        _ passage: String, tokens: [SampledToken], title: String, digits: Int
    )
        -> Rendering
    {
        let surprise =
            tokens.map { -log($0.probabilities[$0.token]) }.reduce(0, +) / Double(max(1, tokens.count))
        let rule = String(repeating: "─", count: min(72, max(8, title.count)))
        return Rendering(
            plain: [
                title, rule, passage, rule,
                "−log p per drawn character: " + NumberFormat(significantDigits: digits).string(surprise),
            ]
            .joined(separator: "\n"))
    }

    private static func temperature(_ command: CommandStatement) throws -> Double {
        guard let option = command.option("temperature") else { return 1 }
        guard case .number(let value) = option.value.kind, value >= 0, value <= 100 else {
            throw LanguageError.outOfRange(
                subject: "temperature", mustBe: "a number from 0 (greedy) to 100",
                notes: ["1 samples the net's own distribution; below 1 sharpens it, above flattens it"],
                at: option.value.range)
        }
        return value
    }

    /// The prompt's characters as token ids; each must be in the vocabulary (a word list's
    /// end mark `.` cannot start a word).
    private static func promptTokens(_ command: CommandStatement, vocabulary: CharacterVocabulary) throws
        -> [Int]
    {
        guard let option = command.option("prompt") else { return [] }
        guard case .string(let text) = option.value.kind else {
            throw LanguageError.notAllowed(
                why: "prompt is a string, e.g. prompt=\"em\"", at: option.value.range)
        }
        return try VocabularyText.ids(of: text, in: vocabulary, noun: "prompt", at: option.value.range)
    }

    private static func heading(_ record: NetRecord, _ sampler: TokenSampler, _ seed: UInt64) -> String {
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

    /// How one word was drawn: per step the window read, the likeliest next characters with
    /// their probabilities, and the character drawn with its probability.
    private static func steps(
        _ tokens: [SampledToken], vocabulary: [String], digits: Int, title: String
    ) throws -> Rendering {
        let rows = tokens.enumerated().map { index, step -> [Table.Cell] in
            let ranked = step.probabilities.indices.sorted {
                step.probabilities[$0] > step.probabilities[$1]
                    || (step.probabilities[$0] == step.probabilities[$1] && $0 < $1)
            }.prefix(candidatesShown).filter { step.probabilities[$0] > 0 }
            let candidates = ranked.map {
                "\(vocabulary[$0]) \(NumberFormat.percent(step.probabilities[$0]))"
            }
            return [
                .number(Double(index + 1)), .text(step.context.map { vocabulary[$0] }.joined()),
                .text(candidates.joined(separator: "  ")), .text(vocabulary[step.token]),
                .number(step.probabilities[step.token]),
            ]
        }
        return try Table(
            title: title,
            headers: ["step", "context", "likeliest next (probability, %)", "drawn", "p"], rows: rows,
            footnote: "p: the probability of the character drawn; the loss on it is −log p",
            numberFormat: NumberFormat(significantDigits: digits)
        ).rendering()
    }
}
