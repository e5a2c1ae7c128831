import Foundation
import Render

/// What a running statement may touch: a working copy of the state, the output, the stop flag.
struct ExecutionContext {
    var state: SessionState
    let output: any SessionOutput
    let shouldStop: @Sendable () -> Bool
    /// Set by a statement that fails after work it should keep (an interrupted `train` keeps
    /// its complete steps); the session then keeps the state despite the error.
    var keepsChangesOnError = false
    /// Bytes of the rollback copy the session took before this statement, held while it runs.
    var rollbackBytes = 0

    /// Throws `Interrupted` if the user asked to stop; long work calls this often.
    func checkInterrupt(_ what: String, at range: SourceRange?) throws(LanguageError) {
        if shouldStop() { throw .interrupted(.during(what), at: range) }
    }

    /// A fresh id for a display that will be updated in place.
    func newDisplayID() -> String {
        "backprop-" + UUID().uuidString.lowercased()
    }

    func show(_ rendering: Rendering) {
        output.show(rendering, displayID: nil)
    }
}
