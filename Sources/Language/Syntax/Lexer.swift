/// Turns a cell's text into tokens with source ranges, collecting (not throwing) lexical errors.
///
/// Newlines end statements except inside brackets (the parser skips them there), so a
/// matrix may span lines; a `\` at the end of a line joins it to the next.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var bracketDepth = 0
    private(set) var tokens: [Token] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Whether the text ends inside a string (is_complete answers `invalid`).
    private(set) var endsInsideString = false
    /// Whether the text ends with a `\` continuation.
    private(set) var endsWithContinuation = false

    /// The result of lexing a cell.
    public struct Output: Sendable {
        public var tokens: [Token]
        public var diagnostics: [Diagnostic]
        /// Open brackets at the end of the text.
        public var unclosedBrackets: Int
        public var endsInsideString: Bool
        public var endsWithContinuation: Bool
    }

    /// Lexes `source` completely.
    public static func tokenize(_ source: String) -> Output {
        var lexer = Lexer(scalars: Array(source.unicodeScalars))
        lexer.run()
        return Output(
            tokens: lexer.tokens, diagnostics: lexer.diagnostics, unclosedBrackets: lexer.bracketDepth,
            endsInsideString: lexer.endsInsideString, endsWithContinuation: lexer.endsWithContinuation)
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }
    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ ahead: Int = 1) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func run() {
        while let scalar = current {
            let start = position
            switch scalar {
            case " ", "\t", "\r":
                advance()
            case "#":
                while let next = current, next != "\n" { advance() }
            case "\\":
                lexContinuation(start: start)
            case "\n":
                // Inside brackets the parser skips newlines (multi-line matrices), but seeing
                // them lets it report an unclosed bracket at the line that lost it.
                advance()
                // A line ending in `->` continues: `net x = 2 ->` then `4 tanh -> 1`.
                if tokens.last?.kind != .arrow { add(.newline, from: start) }
            case "[":
                advance()
                bracketDepth += 1
                add(.leftBracket, from: start)
            case "]":
                advance()
                bracketDepth = max(0, bracketDepth - 1)
                add(.rightBracket, from: start)
            case ",":
                advance()
                add(.comma, from: start)
            case "=":
                advance()
                add(.equals, from: start)
            case "<", ">":
                advance()
                var text = String(scalar)
                if current == "=" {
                    advance()
                    text += "="
                }
                add(.comparison(ComparisonOperator(rawValue: text)!), from: start)
            case "\"":
                lexString(start: start)
            case "-" where peek() == ">":
                advance()
                advance()
                add(.arrow, from: start)
            case "-", "+", ".", "0"..."9":
                lexNumber(start: start)
            default:
                if Lexer.isNameStart(scalar) {
                    lexName(start: start)
                } else {
                    advance()
                    diagnostics.append(
                        LanguageError.unexpected(
                            what: "character '\(scalar)'", at: SourceRange(start, position)
                        ).diagnostic)
                }
            }
        }
        add(.end, from: position)
    }

    private mutating func add(_ kind: TokenKind, from start: SourcePosition) {
        let text = String(String.UnicodeScalarView(scalars[start.offset..<index]))
        tokens.append(Token(kind: kind, text: text, range: SourceRange(start, position)))
    }

    /// A `\` joins the next line; anything but spaces or a comment after it is an error.
    private mutating func lexContinuation(start: SourcePosition) {
        advance()
        while current == " " || current == "\t" || current == "\r" { advance() }
        if current == "#" { while let next = current, next != "\n" { advance() } }
        if current == "\n" {
            advance()
        } else if current == nil {
            endsWithContinuation = true
        } else {
            diagnostics.append(
                LanguageError.malformed(.continuationNotAtLineEnd, at: SourceRange(start, position))
                    .diagnostic)
        }
    }

    private mutating func lexString(start: SourcePosition) {
        advance()
        var value = ""
        while let scalar = current, scalar != "\"" {
            if scalar == "\n" { break }
            if scalar == "\\" {
                let escapeStart = position
                advance()
                guard let escaped = current, escaped != "\n" else { break }
                advance()
                switch escaped {
                case "n": value += "\n"
                case "t": value += "\t"
                case "\"": value += "\""
                case "\\": value += "\\"
                default:
                    diagnostics.append(
                        LanguageError.malformed(
                            .unknownEscape(String(escaped)), at: SourceRange(escapeStart, position)
                        ).diagnostic)
                }
            } else {
                value.unicodeScalars.append(scalar)
                advance()
            }
        }
        if current == "\"" {
            advance()
            add(.string(value), from: start)
        } else {
            endsInsideString = true
            diagnostics.append(
                LanguageError.malformed(.unterminatedString, at: SourceRange(start, position)).diagnostic)
            add(.string(value), from: start)
        }
    }

    private mutating func lexNumber(start: SourcePosition) {
        if current == "-" || current == "+" { advance() }
        var sawDigit = false
        while let scalar = current, ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" {
            if scalar != "." && scalar != "_" { sawDigit = true }
            advance()
        }
        if sawDigit, current == "e" || current == "E" {
            let sign = peek()
            let afterSign = (sign == "-" || sign == "+") ? peek(2) : sign
            if let digit = afterSign, ("0"..."9").contains(digit) {
                advance()
                if current == "-" || current == "+" { advance() }
                while let scalar = current, ("0"..."9").contains(scalar) { advance() }
            }
        }
        // A letter straight after digits ("3x") is one malformed token, not two.
        while let scalar = current, Lexer.isNameContinue(scalar) { advance() }
        let text = String(String.UnicodeScalarView(scalars[start.offset..<index]))
        if let value = Double(text.replacingUnderscores()), sawDigit {
            add(.number(value), from: start)
        } else {
            diagnostics.append(
                LanguageError.malformed(.number(text), at: SourceRange(start, position)).diagnostic)
            add(.number(.nan), from: start)
        }
    }

    private mutating func lexName(start: SourcePosition) {
        while let scalar = current {
            if Lexer.isNameContinue(scalar) {
                advance()
            } else if scalar == ".", let next = peek(), Lexer.isNameContinue(next) {
                advance()
            } else if scalar == ".", peek() == "*", !(peek(2).map(Lexer.isNameContinue) ?? false) {
                // A `*` segment, which lora reads as any one segment: lm.*.attn.
                advance()
                advance()
            } else {
                break
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start.offset..<index]))
        if index - start.offset > Lexer.maximumNameLength {
            diagnostics.append(
                LanguageError.malformed(
                    .longName(length: index - start.offset, maximum: Lexer.maximumNameLength),
                    at: SourceRange(start, position)
                ).diagnostic)
        }
        add(.name(text), from: start)
    }

    /// Names (and dotted paths) longer than this are refused, so no message quotes a word of
    /// megabytes back at the user, nor searches suggestions for it.
    public static let maximumNameLength = 256

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first: the Unicode property lookup cost most of the time of lexing a long word.
        if scalar.isASCII {
            return scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }
        return scalar.properties.isAlphabetic
    }

    static func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(unicodeScalars.filter { $0 != "_" }.map(Character.init))
    }
}
