/// Whether a cell's text is ready to run as typed (Jupyter's is_complete).
public enum CodeCompleteness: Sendable, Equatable {
    case complete
    /// More lines are needed (an open bracket or a trailing `\`); the next line starts with `indent`.
    case incomplete(indent: String)
    /// It cannot run as typed however it continues (an unclosed string).
    case invalid
}
