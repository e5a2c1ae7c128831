/// A list of words (one per line, such as names.txt) as a next-character prediction task:
/// each word, followed by the end mark `.`, is read one character at a time, and each
/// character is an example whose inputs are the `context` characters before it (padded with
/// `.` at the start). `emma` with context 3 gives `... → e`, `..e → m`, `.em → m`,
/// `emm → a`, `mma → .`: the data of Bengio et al.'s model as makemore builds it.
public enum WordContexts {
    /// The end and padding mark, token 0.
    public static let boundary: Character = "."

    /// The words of a text: its lines, without surrounding blanks, empty lines dropped.
    public static func words(in text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map {
            String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }.filter { !$0.isEmpty }
    }

    /// The vocabulary of `words`: `.` then their characters.
    public static func vocabulary(of words: [String]) -> CharacterVocabulary {
        CharacterVocabulary(of: words.joined(), boundary: boundary)
    }

    /// Examples for each word: `inputs` holds `context` token ids per example, `targets` the
    /// id of the character that follows. Every character must be in `vocabulary`; a word
    /// containing the boundary mark `.` is refused, since `.` would end it early. Line numbers
    /// in errors count the words.
    public static func dataset(
        name: String, words: [String], vocabulary: CharacterVocabulary, context: Int, source: String
    ) throws(DataError) -> Dataset {
        guard context > 0 else {
            throw .optionOutOfRange(
                dataset: name, option: "context", value: Double(context), minimum: 1, maximum: nil)
        }
        var inputs: [Double] = []
        var targets: [Double] = []
        for (line, word) in words.enumerated() {
            if word.contains(boundary) {
                throw .boundaryInWord(source: source, line: line + 1, word: word)
            }
            var window = [Double](repeating: 0, count: context)
            for character in Array(word) + [boundary] {
                guard let id = vocabulary.id(of: character) else {
                    throw .unknownCharacter(source: source, line: line + 1, character: String(character))
                }
                inputs.append(contentsOf: window)
                targets.append(Double(id))
                window.removeFirst()
                window.append(Double(id))
            }
        }
        let positions = (1...context).reversed().map { "t-\($0)" }
        return try Dataset(
            name: name, inputs: inputs, targets: targets, featureNames: positions, targetNames: ["next"],
            classNames: vocabulary.symbols, task: .multiclass(classCount: vocabulary.count), source: source,
            inputVocabulary: vocabulary.symbols)
    }
}
