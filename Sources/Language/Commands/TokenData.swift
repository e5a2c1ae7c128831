import Engine
import Foundation

/// The two sources of token data for language models, read as characters:
///
/// - `data NAME = words "FILE" context=K [split=F] [seed=N]`: a word list (one per line) as
///   next-character examples, with the vocabulary `.` then the file's characters. `.` pads the
///   start of each word and ends it. `split=` shuffles the words and cuts between them
///   (makemore's way), so no word has characters in both parts.
/// - `data NAME = text "FILE" context=K [split=F] [stride=S]`: running text, every character
///   after the first K an example (every S-th with `stride=`; at S = K the windows tile the
///   text, which a sequence model reads best); `split=` keeps the first part of the text for
///   training and the rest for validation (nanoGPT's way), so the parts are different passages.
///   `vocab=OTHER` reads it in another text set's vocabulary, so a net trained on one text can
///   go on learning from another (fine-tuning a language model on a new corpus).
enum TokenData {
    static let options: Set<String> = ["context", "split", "seed", "stride", "vocab"]
    /// The longest context: more earlier characters than a window of this kind of model reads.
    static let maximumContext = 256

    enum Source: String {
        case words, text
    }

    static func load(
        _ source: Source, _ command: CommandStatement, name: String, seed: UInt64,
        in context: ExecutionContext
    ) throws -> DataRecord {
        let pathExpression = try ArgumentReader.expression(command, at: 1)
        guard case .string(let path) = pathExpression.kind else {
            throw LanguageError.expected(
                what: "the file name as a string after '\(source.rawValue)'", at: pathExpression.range)
        }
        guard command.arguments.count == 2 else {
            throw LanguageError.unexpected(what: "value after the file name", at: command.arguments[2].range)
        }
        let contextLength =
            try OptionReader.integer(command, "context", atLeast: 1, atMost: maximumContext) ?? 3
        if source == .words, let stride = command.option("stride") {
            throw LanguageError.notAllowed(
                why: "stride= is for running text: a word list has one example per character",
                notes: ["use data NAME = text \"FILE\" context=K stride=K"], at: stride.value.range)
        }
        if source == .words, let vocab = command.option("vocab") {
            throw LanguageError.notAllowed(
                why: "vocab= is for running text: a word list's vocabulary starts with its '.' boundary",
                notes: ["use data NAME = text \"FILE\" vocab=OTHER"], at: vocab.value.range)
        }
        let vocabulary = try sharedVocabulary(command, in: context)
        let stride = try OptionReader.integer(command, "stride", atLeast: 1, atMost: 1_000_000) ?? 1
        let fraction = OptionReader.number(command, "split") ?? 1
        guard fraction > 0, fraction <= 1 else {
            throw LanguageError.outOfRange(
                subject: "split", mustBe: "between 0 and 1", at: command.option("split")?.value.range)
        }
        try context.reserve(need(path, context: contextLength, stride: stride), for: command)
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        } catch {
            throw LanguageError.file(
                .unreadableText(path: path, exists: FileManager.default.fileExists(atPath: path)),
                at: pathExpression.range)
        }
        let description =
            "\(source.rawValue) \(path) context=\(contextLength)" + (stride > 1 ? " stride=\(stride)" : "")
            + (vocabulary.map { " vocab=\($0.data)" } ?? "")
        let splitRange = command.option("split")?.value.range
        do {
            switch source {
            case .words:
                return try words(
                    text, name: name, context: contextLength, fraction: fraction, seed: seed,
                    description: description, at: (pathExpression.range, splitRange))
            case .text:
                return try running(
                    text, name: name, context: contextLength, stride: stride, fraction: fraction,
                    vocabulary: vocabulary, description: description, at: (pathExpression.range, splitRange))
            }
        } catch let error as DataError {
            throw LanguageError(error, at: pathExpression.range)
        }
    }

    private static func words(
        _ text: String, name: String, context: Int, fraction: Double, seed: UInt64, description: String,
        at places: (file: SourceRange, split: SourceRange?)
    ) throws -> DataRecord {
        var words = WordContexts.words(in: text)
        guard !words.isEmpty else {
            throw LanguageError.notAllowed(why: "the file has no words", at: places.file)
        }
        let vocabulary = WordContexts.vocabulary(of: words)
        var validation: Dataset?
        if fraction < 1 {
            var random = RandomSource(seed: seed)
            words = random.permutation(words.count).map { words[$0] }
            let trainingCount = try cut(words.count, fraction: fraction, unit: "words", at: places.split)
            validation = try WordContexts.dataset(
                name: "\(name) (validation)", words: Array(words[trainingCount...]), vocabulary: vocabulary,
                context: context, source: description)
            words = Array(words[..<trainingCount])
        }
        let training = try WordContexts.dataset(
            name: name, words: words, vocabulary: vocabulary, context: context, source: description)
        return DataRecord(name: name, training: training, validation: validation)
    }

    /// The vocabulary `vocab=OTHER` names: that of another set of running text, with its name.
    private static func sharedVocabulary(_ command: CommandStatement, in context: ExecutionContext) throws
        -> (data: String, vocabulary: CharacterVocabulary)?
    {
        guard let option = command.option("vocab") else { return nil }
        guard let name = option.value.name else {
            throw LanguageError.syntax(
                why: "vocab= takes the name of a text data set, such as vocab=play", at: option.value.range)
        }
        guard let record = context.state.datasets[name] else {
            throw LanguageError.unknownName(
                what: "data set", name: name, candidates: context.state.dataOrder, at: option.value.range)
        }
        guard let vocabulary = record.training.vocabulary, vocabulary.boundary == nil else {
            throw LanguageError.notAllowed(
                why: "data set '\(name)' is not running text, so it has no text vocabulary to share",
                notes: ["vocab= names a set made by data NAME = text \"FILE\""], at: option.value.range)
        }
        return (name, vocabulary)
    }

    private static func running(
        _ text: String, name: String, context: Int, stride: Int, fraction: Double,
        vocabulary shared: (data: String, vocabulary: CharacterVocabulary)?, description: String,
        at places: (file: SourceRange, split: SourceRange?)
    ) throws -> DataRecord {
        let vocabulary = shared?.vocabulary ?? CharacterVocabulary(of: text)
        if let shared, let (line, character) = firstUnknown(in: text, of: shared.vocabulary) {
            throw LanguageError.notAllowed(
                why:
                    "line \(line) of the file has '\(CharacterVocabulary.symbol(of: character))', which is not in "
                    + "the vocabulary of '\(shared.data)' (\(shared.vocabulary.count) characters)",
                notes: [
                    "every character must be one of \(shared.data)'s to share its vocabulary; drop vocab= to use the file's own"
                ], at: places.file)
        }
        let ids = TextContexts.ids(of: text, in: vocabulary)
        guard ids.count > context else {
            throw LanguageError.notAllowed(
                why: "the file has \(ids.count) characters, too few for a context of \(context)",
                at: places.file)
        }
        let trainingCount =
            fraction < 1
            ? try cut(ids.count, fraction: fraction, unit: "characters", at: places.split) : ids.count
        if fraction < 1, min(trainingCount, ids.count - trainingCount) <= context {
            throw LanguageError.notAllowed(
                why:
                    "split=\(ValueFormatter(digits: 6).format(fraction)) leaves a part no longer than the context of \(context)",
                at: places.split)
        }
        let training = try TextContexts.dataset(
            name: name, ids: ids[..<trainingCount], vocabulary: vocabulary, context: context, stride: stride,
            source: description)
        let validation =
            fraction < 1
            ? try TextContexts.dataset(
                name: "\(name) (validation)", ids: ids[trainingCount...], vocabulary: vocabulary,
                context: context, stride: stride, source: description) : nil
        return DataRecord(name: name, training: training, validation: validation)
    }

    /// The line and the first character of `text` that `vocabulary` lacks, if any.
    private static func firstUnknown(in text: String, of vocabulary: CharacterVocabulary) -> (Int, Character)?
    {
        var line = 1
        for character in text {
            if vocabulary.id(of: character) == nil { return (line, character) }
            if character == "\n" { line += 1 }
        }
        return nil
    }

    /// How many of `count` items the training part keeps; each part keeps at least one.
    private static func cut(_ count: Int, fraction: Double, unit: String, at place: SourceRange?) throws
        -> Int
    {
        let trainingCount = Int((Double(count) * fraction).rounded())
        guard trainingCount > 0, trainingCount < count else {
            throw LanguageError.notAllowed(
                why:
                    "split=\(ValueFormatter(digits: 6).format(fraction)) of \(count) \(unit) leaves one part empty",
                at: place)
        }
        return trainingCount
    }

    /// The file's text as a string, its characters or words, and the examples: up to one per
    /// `stride` bytes, each of `context` inputs and one target, as Float64.
    private static func need(_ path: String, context: Int, stride: Int) -> MemoryNeed? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
            return nil
        }
        return MemoryNeed(
            [
                (
                    "reading the \(MemoryBudget.format(size)) file and its characters",
                    size.multipliedSaturated(12)
                ),
                (
                    stride > 1
                        ? "up to one example per \(stride) characters, \(context + 1) values each"
                        : "up to one example per character, \(context + 1) values each",
                    (size / stride + 1).multipliedSaturated(context + 1).multipliedSaturated(8)
                ),
            ], smaller: "a smaller file or context=")
    }
}
