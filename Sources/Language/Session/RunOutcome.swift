import Render

/// How a cell ended: its value, or the error that stopped it.
public enum RunOutcome: Sendable, Equatable {
    /// Every statement ran; the value of a final bare expression, if any, is the cell's result.
    case success(Rendering?)
    /// A statement failed (or the cell had syntax errors); statements before it stay done.
    case failure(RenderedError)
}
