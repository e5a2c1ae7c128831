import Render

/// How a cell ended: its value, or the error that stopped it.
public enum RunOutcome: Sendable, Equatable {
    /// Every statement ran; the value of a final bare expression, if any, is the cell's result.
    case success(Rendering?)
    /// A statement failed (or the cell had syntax errors); statements before it stay done.
    case failure(RenderedError)
}

/// Whether a cell's text is ready to run as typed (Jupyter's is_complete).
public enum CodeCompleteness: Sendable, Equatable {
    case complete
    /// More lines are needed (an open bracket or a trailing `\`); the next line starts with `indent`.
    case incomplete(indent: String)
    /// It cannot run as typed however it continues (an unclosed string).
    case invalid
}

/// Completion candidates replacing the code points `start..<end` of the cell.
public struct CompletionResult: Sendable, Equatable {
    public var matches: [String]
    public var start: Int
    public var end: Int

    public init(matches: [String], start: Int, end: Int) {
        self.matches = matches
        self.start = start
        self.end = end
    }
}
