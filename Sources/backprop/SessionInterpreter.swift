import Foundation
import Kernel
import Language
import Render

/// Joins the language's `Session` to the kernel's `Interpreter` protocol.
///
/// The kernel and the language never see each other: this is the one place that
/// knows both, mapping outcomes to replies and outputs to iopub messages.
final class SessionInterpreter: Interpreter {
    /// `BACKPROP_PROGRESS=stream jupyter console --kernel backprop` starts the session with
    /// `progress stream`, the form a terminal redraws (the console starts the kernel with its own
    /// environment); anything else leaves the default display.
    private let session = Session(
        progressStyle: ProcessInfo.processInfo.environment["BACKPROP_PROGRESS"].flatMap(ProgressStyle.init)
            ?? .display)

    /// Plain text to highlighters and editors: neither Pygments nor CodeMirror knows the language.
    let languageInfo = LanguageInfo(
        name: "backprop", version: BackpropVersion.current, mimetype: "text/x-backprop", fileExtension: ".bp",
        pygmentsLexer: "text", codemirrorMode: "text")

    func execute(_ request: ExecutionRequest, output: any OutputPublisher) -> ExecutionOutcome {
        let cancellation = request.cancellation
        let outcome = session.run(
            request.code, output: PublisherOutput(publisher: output),
            shouldStop: { cancellation.isRaised })
        switch outcome {
        case .success(let rendering):
            return .ok(result: rendering?.mimeData)
        case .failure(let error):
            return .error(name: error.name, value: error.value, traceback: error.traceback)
        }
    }

    func complete(code: String, cursorPosition: Int) -> Completion {
        let result = session.complete(code, cursor: cursorPosition)
        return Completion(matches: result.matches, cursorStart: result.start, cursorEnd: result.end)
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection {
        Inspection(data: session.inspect(code, cursor: cursorPosition)?.mimeData)
    }

    func isComplete(code: String) -> Completeness {
        switch session.completeness(code) {
        case .complete: return .complete
        case .incomplete(let indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }
}

/// The language's output sink, publishing through the kernel.
private struct PublisherOutput: SessionOutput {
    let publisher: any OutputPublisher

    func write(_ text: String, to stream: OutputStreamName) {
        publisher.stream(stream == .stdout ? .stdout : .stderr, text)
    }

    func show(_ rendering: Rendering, displayID: String?) {
        publisher.display(rendering.mimeData, displayID: displayID)
    }

    func update(_ rendering: Rendering, displayID: String) {
        publisher.updateDisplay(rendering.mimeData, displayID: displayID)
    }

    func clear(wait: Bool) {
        publisher.clearOutput(wait: wait)
    }
}
