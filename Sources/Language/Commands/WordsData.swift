import Engine
import Foundation

/// `data NAME = words "FILE" context=K [split=F] [seed=N]`: a word list (one per line) as
/// next-character examples for a language model, with the vocabulary `.` then the file's
/// characters. `split=` cuts between words (makemore's way), so no word has characters in
/// both parts.
enum WordsData {
    static let options: Set<String> = ["context", "split", "seed"]
    /// The longest context: more earlier characters than any name has.
    static let maximumContext = 64

    static func load(_ command: CommandStatement, name: String, seed: UInt64, in context: ExecutionContext)
        throws -> DataRecord
    {
        let pathExpression = try ArgumentReader.expression(command, at: 1)
        guard case .string(let path) = pathExpression.kind else {
            throw Diagnostic(
                .syntaxError, "expected the file name as a string after 'words'", at: pathExpression.range)
        }
        guard command.arguments.count == 2 else {
            throw Diagnostic(
                .syntaxError, "unexpected value after the file name", at: command.arguments[2].range)
        }
        let contextLength =
            try OptionReader.integer(command, "context", atLeast: 1, atMost: maximumContext) ?? 3
        let fraction = OptionReader.number(command, "split") ?? 1
        guard fraction > 0, fraction <= 1 else {
            throw Diagnostic(
                .valueError, "split must be between 0 and 1", at: command.option("split")?.value.range)
        }
        try context.reserve(need(path, context: contextLength), for: command)
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        } catch {
            throw Diagnostic(
                .fileError, "cannot read '\(path)' as UTF-8 text", at: pathExpression.range,
                notes: [
                    FileManager.default.fileExists(atPath: path) ? "it is not UTF-8 text" : "no such file"
                ])
        }
        var words = WordContexts.words(in: text)
        guard !words.isEmpty else {
            throw Diagnostic(.valueError, "'\(path)' has no words", at: pathExpression.range)
        }
        let vocabulary = WordContexts.vocabulary(of: words)
        let source = "words \(path) context=\(contextLength)"
        do {
            var validation: Dataset?
            if fraction < 1 {
                var random = RandomSource(seed: seed)
                words = random.permutation(words.count).map { words[$0] }
                let trainingCount = Int((Double(words.count) * fraction).rounded())
                guard trainingCount > 0, trainingCount < words.count else {
                    throw Diagnostic(
                        .valueError,
                        "split=\(ValueFormatter(digits: 6).format(fraction)) of \(words.count) words leaves one part empty",
                        at: command.option("split")?.value.range)
                }
                validation = try WordContexts.dataset(
                    name: "\(name) (validation)", words: Array(words[trainingCount...]),
                    vocabulary: vocabulary, context: contextLength, source: source)
                words = Array(words[..<trainingCount])
            }
            let training = try WordContexts.dataset(
                name: name, words: words, vocabulary: vocabulary, context: contextLength, source: source)
            return DataRecord(name: name, training: training, validation: validation)
        } catch let error as DataError {
            throw EngineMessages.diagnostic(for: error, at: pathExpression.range)
        }
    }

    /// The file's text as a string, its words, and the examples: up to one per byte, each of
    /// `context` inputs and one target, as Float64.
    private static func need(_ path: String, context: Int) -> MemoryNeed? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
            return nil
        }
        return MemoryNeed(
            [
                ("reading the \(MemoryBudget.format(size)) file and its words", size.multipliedSaturated(4)),
                (
                    "up to one example per character, \(context + 1) values each",
                    size.multipliedSaturated(context + 1).multipliedSaturated(8)
                ),
            ], smaller: "a smaller file or context=")
    }
}
