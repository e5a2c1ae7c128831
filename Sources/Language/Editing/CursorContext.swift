/// What surrounds the cursor in a cell: the word being typed, the statement it belongs to,
/// or the string it is inside. Offsets are in Unicode code points.
struct CursorContext {
    /// The partial word before the cursor and where it starts.
    var word: String
    var wordStart: Int
    /// Tokens of the current statement before the word.
    var statementTokens: [Token]
    /// If the cursor is inside a string: the text typed after the quote, and where that text starts.
    var stringPrefix: (text: String, start: Int)?

    init(code: String, cursor: Int) {
        let scalars = Array(code.unicodeScalars)
        let cursor = max(0, min(cursor, scalars.count))
        let prefix = String(String.UnicodeScalarView(scalars[0..<cursor]))
        let lexed = Lexer.tokenize(prefix)
        var tokens = Array(lexed.tokens.dropLast())
        word = ""
        wordStart = cursor
        if lexed.endsInsideString, let last = tokens.last, case .string(let text) = last.kind {
            stringPrefix = (text, last.range.start.offset + 1)
            tokens.removeLast()
        } else {
            // The word is scanned by hand: a path being typed ("xor.L1.") is not yet one token.
            var start = cursor
            while start > 0, Lexer.isNameContinue(scalars[start - 1]) || scalars[start - 1] == "." {
                start -= 1
            }
            if start < cursor, Lexer.isNameStart(scalars[start]) {
                word = String(String.UnicodeScalarView(scalars[start..<cursor]))
                wordStart = start
                tokens = Array(
                    Lexer.tokenize(String(String.UnicodeScalarView(scalars[0..<start]))).tokens.dropLast())
            }
        }
        if let lastNewline = tokens.lastIndex(where: { $0.kind == .newline }) {
            tokens.removeSubrange(0...lastNewline)
        }
        statementTokens = tokens
    }

    /// The command the statement starts with, if any.
    var command: CommandSpec? {
        guard case .name(let first)? = statementTokens.first?.kind else { return nil }
        return CommandCatalogue.spec(named: first)
    }

    /// The option whose value is being typed (`lr=` right before the word), if any.
    var optionBeingValued: String? {
        let count = statementTokens.count
        guard count >= 2, statementTokens[count - 1].kind == .equals,
            case .name(let name) = statementTokens[count - 2].kind
        else { return nil }
        return name
    }

    /// The whole word under the cursor (both sides), and the command of its line.
    static func wordAround(code: String, cursor: Int) -> (word: String, lineCommand: String?) {
        let scalars = Array(code.unicodeScalars)
        let cursor = max(0, min(cursor, scalars.count))
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool { Lexer.isNameContinue(scalar) || scalar == "." }
        var start = cursor
        while start > 0, isWordScalar(scalars[start - 1]) { start -= 1 }
        var end = cursor
        while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
        var lineStart = start
        while lineStart > 0, scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        var firstEnd = lineStart
        while firstEnd < scalars.count, scalars[firstEnd] == " " || scalars[firstEnd] == "\t" {
            firstEnd += 1
        }
        let firstStart = firstEnd
        while firstEnd < scalars.count, isWordScalar(scalars[firstEnd]) { firstEnd += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        let first = String(String.UnicodeScalarView(scalars[firstStart..<firstEnd]))
        return (word, first.isEmpty ? nil : first)
    }
}
