/// The kinds of error a user can meet; each is the `ename` of a Jupyter error.
public enum DiagnosticKind: String, Sendable, Equatable, CaseIterable {
    case syntaxError = "SyntaxError"
    case nameError = "NameError"
    case shapeError = "ShapeError"
    case valueError = "ValueError"
    case fileError = "FileError"
    case interrupted = "Interrupted"
}

/// One error as the kernel shows it: its kind, sentence, place and notes. The language throws
/// `LanguageError`s; `LanguageError+Diagnostic` (and, for the engine's errors, `EngineMessages`)
/// words them into this value, and only `DiagnosticRenderer` turns it into text.
public struct Diagnostic: Sendable, Equatable {
    public var kind: DiagnosticKind
    /// One sentence, without a final period: the `evalue`.
    public var message: String
    /// The offending token or statement; nil when the error has no place (an interrupt).
    public var range: SourceRange?
    /// Extra lines shown after the caret, such as "did you mean 'tanh'?".
    public var notes: [String]

    public init(_ kind: DiagnosticKind, _ message: String, at range: SourceRange?, notes: [String] = []) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
    }
}

extension Diagnostic {
    /// Text from the cell as a message quotes it: whole up to 40 characters, else its start and
    /// an ellipsis, so a long string or token is not repeated in full in a one-sentence error.
    static func excerpt(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 40 else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(39))) + "…"
    }
}
