import Engine

/// A string the user wrote (`sample`'s `prompt=`, `show attention`'s `text=`) as token ids of a
/// character vocabulary; a word list's end mark `.` is not a character one can write.
enum VocabularyText {
    /// The ids of `text`'s characters, or the error naming the first that has none (the option
    /// called `noun` in the message, at `range`).
    static func ids(of text: String, in vocabulary: CharacterVocabulary, noun: String, at range: SourceRange?)
        throws -> [Int]
    {
        try text.map { character in
            guard let id = vocabulary.id(of: character), id != vocabulary.wordEnd else {
                throw LanguageError.notAllowed(
                    why:
                        "the \(noun)'s character '\(CharacterVocabulary.symbol(of: character))' is not in the vocabulary",
                    notes: [
                        "the vocabulary: "
                            + vocabulary.symbols.enumerated().filter { $0.offset != vocabulary.wordEnd }
                            .map(\.element).joined(separator: " ")
                    ], at: range)
            }
            return id
        }
    }
}
