/// The kinds of error a user can meet; each is the `ename` of a Jupyter error.
public enum DiagnosticKind: String, Sendable, Equatable, CaseIterable {
    case syntaxError = "SyntaxError"
    case nameError = "NameError"
    case shapeError = "ShapeError"
    case valueError = "ValueError"
    case fileError = "FileError"
    case interrupted = "Interrupted"
}

/// One error as a value: what went wrong, where, and what might help.
/// Turned into text only by `DiagnosticRenderer`.
public struct Diagnostic: Sendable, Equatable, Error {
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
    /// "expected X but found Y".
    static func expected(_ what: String, found token: Token) -> Diagnostic {
        Diagnostic(.syntaxError, "expected \(what) but found \(token.description)", at: token.range)
    }

    /// Text from the cell as a message quotes it: whole up to 40 characters, else its start and
    /// an ellipsis, so a long string or token is not repeated in full in a one-sentence error.
    static func excerpt(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 40 else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(39))) + "…"
    }

    /// An unknown name, with the nearest valid ones as a note.
    static func unknown(
        _ what: String, _ name: String, at range: SourceRange?, among candidates: [String],
        kind: DiagnosticKind = .nameError
    ) -> Diagnostic {
        var notes: [String] = []
        if let suggestion = NameSuggester.nearest(to: name, among: candidates) {
            notes.append("did you mean '\(suggestion)'?")
        } else if !candidates.isEmpty, candidates.count <= 12 {
            notes.append("valid choices: " + candidates.joined(separator: ", "))
        }
        return Diagnostic(kind, "unknown \(what) '\(excerpt(name))'", at: range, notes: notes)
    }
}
