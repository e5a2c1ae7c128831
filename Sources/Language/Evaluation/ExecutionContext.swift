import Render

/// What a running statement may touch: a working copy of the state, the output, the stop flag.
struct ExecutionContext {
    var state: SessionState
    let output: any SessionOutput
    let shouldStop: @Sendable () -> Bool

    /// Throws `Interrupted` if the user asked to stop; long work calls this often.
    func checkInterrupt(_ what: String, at range: SourceRange?) throws {
        if shouldStop() { throw Diagnostic(.interrupted, "interrupted during \(what)", at: range) }
    }

    func show(_ rendering: Rendering) {
        output.show(rendering, displayID: nil)
    }
}
