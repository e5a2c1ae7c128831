/// Turns tokens into statements, one per line, and checks each command against its `CommandSpec`.
///
/// An error skips the rest of its line only, so a cell reports all its syntax errors at once.
public struct Parser {
    private let tokens: [Token]
    private var index = 0
    private var diagnostics: [Diagnostic] = []
    /// Lists open around the one being parsed.
    private var listDepth = 0

    /// How deep lists may nest. A matrix needs two levels; the bound keeps the recursive descent
    /// (and every walk of the tree after it) far from the end of the stack, which
    /// `print [[[...` 10,000 deep used to reach.
    public static let maximumListNesting = 64

    /// A parsed cell: its statements and every error found (lexical, syntactic, option checks).
    public struct Output: Sendable {
        public var statements: [Statement]
        public var diagnostics: [Diagnostic]
    }

    /// Lexes and parses a whole cell.
    public static func parse(_ source: String) -> Output {
        let lexed = Lexer.tokenize(source)
        var parser = Parser(tokens: lexed.tokens)
        let statements = parser.parseCell()
        // A line with a lexical error gets only that error: the parser's view of it is noise.
        let linesWithLexicalErrors = Set(lexed.diagnostics.compactMap { $0.range?.start.line })
        let parserDiagnostics = parser.diagnostics.filter {
            !linesWithLexicalErrors.contains($0.range?.start.line ?? 0)
        }
        let all = (lexed.diagnostics + parserDiagnostics).sorted {
            ($0.range?.start.offset ?? 0) < ($1.range?.start.offset ?? 0)
        }
        return Output(statements: statements, diagnostics: all)
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    private var current: Token { tokens[index] }
    private func peek(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }
    private var atLineEnd: Bool {
        switch current.kind {
        case .newline, .end: return true
        default: return false
        }
    }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func parseCell() -> [Statement] {
        var statements: [Statement] = []
        while current.kind != .end {
            if current.kind == .newline {
                advance()
                continue
            }
            do throws(LanguageError) {
                let statement = try parseStatement()
                if !atLineEnd {
                    var notes: [String] = []
                    if case .expression(let expression) = statement, let path = expression.pathText,
                        current.kind == .equals
                    {
                        notes = ["to give a parameter exact values, write: set \(path) = VALUE"]
                    }
                    throw .expected(
                        what: "end of line", found: current.description, notes: notes, at: current.range)
                }
                statements.append(statement)
            } catch {
                diagnostics.append(error.diagnostic)
                skipToLineEnd()
            }
        }
        return statements
    }

    private mutating func skipToLineEnd() {
        while !atLineEnd { advance() }
    }

    private mutating func parseStatement() throws(LanguageError) -> Statement {
        if case .name(let word) = current.kind {
            if let spec = CommandCatalogue.spec(named: word) {
                return .command(try parseCommand(spec))
            }
            let followedByMore = !{
                switch peek().kind {
                case .newline, .end: return true
                default: return false
                }
            }()
            if followedByMore && !word.contains(".") {
                if peek().kind == .equals { throw .unknownCommandBeforeEquals(name: word, at: current.range) }
                throw .unknownName(
                    what: "command", name: word, candidates: CommandCatalogue.names, at: current.range)
            }
        }
        return .expression(try parseExpression())
    }

    private mutating func parseCommand(_ spec: CommandSpec) throws(LanguageError) -> CommandStatement {
        let nameToken = advance()
        var target: ValueExpression?
        if spec.target != .none, case .name = current.kind, peek().kind == .equals {
            target = try parseExpression()
            advance()
        } else if spec.target == .required {
            let what = spec.name == "set" ? "a path and '='" : "a name and '='"
            throw .expected(
                what: "\(what) after '\(spec.name)'", found: current.description,
                notes: ["usage: \(spec.syntax)"],
                at: current.range)
        }
        var items: [PositionalItem] = []
        var options: [OptionArgument] = []
        while !atLineEnd {
            if case .name(let optionName) = current.kind, peek().kind == .equals {
                let nameRange = advance().range
                advance()
                options.append(
                    OptionArgument(name: optionName, nameRange: nameRange, value: try parseOptionValue()))
            } else if current.kind == .arrow {
                items.append(.arrow(advance().range))
            } else {
                items.append(.term(try parseExpression()))
            }
        }
        let end = tokens[max(0, index - 1)].range.end
        let statement = CommandStatement(
            name: spec.name, nameRange: nameToken.range, target: target,
            arguments: try arguments(from: items), options: options,
            range: SourceRange(nameToken.range.start, max(end, nameToken.range.end)))
        try CommandValidator.validate(statement, against: spec)
        return statement
    }

    private enum PositionalItem {
        case term(ValueExpression)
        case arrow(SourceRange)
    }

    /// Terms become arguments; if arrows are present, all terms form one chain.
    private func arguments(from items: [PositionalItem]) throws(LanguageError) -> [CommandArgument] {
        let hasArrow = items.contains { if case .arrow = $0 { return true } else { return false } }
        guard hasArrow else {
            return items.compactMap {
                if case .term(let term) = $0 { return .value(term) } else { return nil }
            }
        }
        var segments: [[ValueExpression]] = [[]]
        var lastArrow: SourceRange?
        for item in items {
            switch item {
            case .term(let term):
                segments[segments.count - 1].append(term)
            case .arrow(let range):
                if segments[segments.count - 1].isEmpty {
                    throw .expected(what: "a value before '->'", at: range)
                }
                segments.append([])
                lastArrow = range
            }
        }
        if segments[segments.count - 1].isEmpty, let lastArrow {
            throw .expected(what: "a value after '->'", at: lastArrow)
        }
        let start = segments.first!.first!.range
        let end = segments.last!.last!.range
        return [.chain(segments, range: start.joined(end))]
    }

    private mutating func parseOptionValue() throws(LanguageError) -> ValueExpression {
        let left = try parseExpression()
        guard case .comparison(let op) = current.kind else { return left }
        advance()
        let right = try parseExpression()
        return ValueExpression(.comparison(left, op, right), range: left.range.joined(right.range))
    }

    private mutating func parseExpression() throws(LanguageError) -> ValueExpression {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return ValueExpression(.number(value), range: token.range)
        case .string(let text):
            advance()
            return ValueExpression(.string(text), range: token.range)
        case .name(let text):
            advance()
            return ValueExpression(.path(text.split(separator: ".").map(String.init)), range: token.range)
        case .leftBracket:
            return try parseList()
        default:
            throw .expected(what: "a value", found: token.description, at: token.range)
        }
    }

    /// Skips newlines inside a list. The end of the cell, or a new line starting with a command,
    /// means the bracket was never closed: the error is reported there and parsing resumes
    /// on that line.
    private mutating func skipNewlinesInList(openedBy open: Token) throws(LanguageError) {
        let firstNewline = index
        while current.kind == .newline { advance() }
        let startsCommand: Bool
        if case .name(let word) = current.kind, index > firstNewline {
            startsCommand = CommandCatalogue.spec(named: word) != nil
        } else {
            startsCommand = false
        }
        if current.kind == .end || startsCommand {
            if startsCommand { index = firstNewline }
            throw .malformed(.unclosedBracket, at: open.range)
        }
    }

    /// Skips to just after the `]` that closes the outermost list open here, or to the end of the cell.
    private mutating func skipPastEnclosingLists() {
        var open = listDepth
        while current.kind != .end {
            let kind = advance().kind
            if kind == .leftBracket { open += 1 }
            if kind == .rightBracket {
                open -= 1
                if open == 0 { return }
            }
        }
    }

    private mutating func parseList() throws(LanguageError) -> ValueExpression {
        guard listDepth < Self.maximumListNesting else {
            let place = current.range
            // One error for the whole list, not one for every 64 brackets of what follows.
            skipPastEnclosingLists()
            throw .malformed(.deepList(level: listDepth + 1, maximum: Self.maximumListNesting), at: place)
        }
        listDepth += 1
        defer { listDepth -= 1 }
        let open = advance()
        var elements: [ValueExpression] = []
        try skipNewlinesInList(openedBy: open)
        while current.kind != .rightBracket {
            elements.append(try parseExpression())
            try skipNewlinesInList(openedBy: open)
            if current.kind == .comma {
                advance()
                try skipNewlinesInList(openedBy: open)
            } else if current.kind != .rightBracket {
                throw .expected(what: "',' or ']'", found: current.description, at: current.range)
            }
        }
        let close = advance()
        return ValueExpression(.list(elements), range: open.range.joined(close.range))
    }
}
