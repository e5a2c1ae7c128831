/// The characters of a text as token ids: id 0 is the boundary symbol when there is one
/// (`.`, which marks the start and end of a word, as in Karpathy's makemore), then every
/// distinct character in ascending Unicode order, so the same text always gives the same ids.
public struct CharacterVocabulary: Sendable, Equatable {
    /// The character of each id.
    public let characters: [Character]
    private let ids: [Character: Int]

    /// The vocabulary of `text`'s characters, after `boundary` if given.
    public init(of text: some Sequence<Character>, boundary: Character? = nil) {
        var seen = Set<Character>()
        for character in text where character != boundary { seen.insert(character) }
        let sorted = seen.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        characters = (boundary.map { [$0] } ?? []) + sorted
        ids = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })
    }

    /// The number of ids.
    public var count: Int { characters.count }

    /// The id of `character`, or nil when the text had no such character.
    public func id(of character: Character) -> Int? { ids[character] }

    /// How each id is shown in tables: the character, with blanks and control characters
    /// given visible names (`␣` for a space, `⏎` for a newline).
    public var symbols: [String] { characters.map(Self.symbol(of:)) }

    static func symbol(of character: Character) -> String {
        switch character {
        case " ": "␣"
        case "\n": "⏎"
        case "\t": "⇥"
        case "\r": "␍"
        default: String(character)
        }
    }
}
