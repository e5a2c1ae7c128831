import Render

/// A running notebook's language state: runs cells, completes, inspects and checks completeness.
///
/// Not thread-safe: the kernel calls it from its shell thread, one call at a time.
public final class Session {
    /// The state as of the last completed statement.
    public private(set) var state = SessionState()

    public init() {}

    /// A session whose `train` shows its progress in `progressStyle` until a `progress` statement
    /// says otherwise (the kernel reads it from `BACKPROP_PROGRESS`, for a terminal front end).
    public convenience init(progressStyle: ProgressStyle) {
        self.init()
        state.progressStyle = progressStyle
    }

    /// Runs a cell. Outputs go to `output` as they happen; `shouldStop` is polled by long work.
    ///
    /// Syntax errors anywhere stop the cell before it runs and are all reported. Otherwise
    /// statements run in order; the first failure stops the cell and leaves the state as it
    /// was before that statement.
    ///
    /// `firstLine` numbers the cell's lines in error messages (a script's cells start further down).
    public func run(
        _ source: String, output: some SessionOutput, shouldStop: @escaping @Sendable () -> Bool,
        firstLine: Int = 1
    ) -> RunOutcome {
        let parsed = Parser.parse(source)
        if !parsed.diagnostics.isEmpty {
            return .failure(
                DiagnosticRenderer.render(parsed.diagnostics, source: source, firstLine: firstLine))
        }
        var result: Rendering?
        for (index, statement) in parsed.statements.enumerated() {
            var context = ExecutionContext(state: state, output: output, shouldStop: shouldStop)
            var snapshot: ParameterSnapshot?
            do {
                if shouldStop() {
                    throw LanguageError.interrupted(.beforeStatement, at: statement.range)
                }
                let changing = statement.netsItMayChange(in: state)
                context.rollbackBytes = ParameterSnapshot.byteCount(of: changing, in: state)
                try MemoryCheck.check(
                    MemoryNeed(
                        [("a copy of the parameters to undo a failure", context.rollbackBytes)],
                        smaller: "smaller nets"),
                    for: "this statement", holding: state.heldBytes, budget: state.memoryBudget,
                    at: statement.range)
                snapshot = ParameterSnapshot(state, nets: changing)
                switch statement {
                case .command(let command):
                    try CommandRunner.run(command, in: &context)
                case .expression(let expression):
                    let value = try ExpressionEvaluator.evaluate(expression, in: context.state)
                    let rendering = context.state.formatter.rendering(value)
                    // Only the last statement's value is the cell's result; earlier ones are shown.
                    if index == parsed.statements.count - 1 {
                        result = rendering
                    } else {
                        output.show(rendering, displayID: nil)
                    }
                }
                state = context.state
            } catch {
                if context.keepsChangesOnError {
                    state = context.state
                } else {
                    snapshot?.restore()
                }
                var diagnostic = LanguageError(error, at: statement.range).diagnostic
                // An error raised without a place points at the whole statement.
                if diagnostic.range == nil { diagnostic.range = statement.range }
                return .failure(DiagnosticRenderer.render([diagnostic], source: source, firstLine: firstLine))
            }
        }
        return .success(result)
    }

    /// Completion candidates at `cursor` (a Unicode code point offset).
    public func complete(_ code: String, cursor: Int) -> CompletionResult {
        Completer(state: state).complete(code, cursor: cursor)
    }

    /// Help for the command under `cursor`, or the value, shape and statistics of the net,
    /// layer, parameter or data set named there; nil when there is nothing to show.
    public func inspect(_ code: String, cursor: Int) -> Rendering? {
        Inspector(state: state).inspect(code, cursor: cursor)
    }

    /// Whether `code` can run as typed.
    public func completeness(_ code: String) -> CodeCompleteness {
        let lexed = Lexer.tokenize(code)
        if lexed.endsInsideString { return .invalid }
        if lexed.unclosedBrackets > 0 {
            // A cell of a million '[' would otherwise be answered with four million spaces.
            let levels = min(lexed.unclosedBrackets, Parser.maximumListNesting)
            return .incomplete(indent: String(repeating: " ", count: 4 * levels))
        }
        if lexed.endsWithContinuation { return .incomplete(indent: "") }
        // A spec ending in `->` continues on the next line.
        if lexed.tokens.dropLast().last?.kind == .arrow { return .incomplete(indent: "    ") }
        return .complete
    }
}
