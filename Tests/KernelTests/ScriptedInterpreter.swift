import Foundation

@testable import Kernel

/// An interpreter whose behaviour tests choose per cell, by the cell's text:
/// `out TEXT` writes stdout, `show` displays, `update` updates a display, `clear` clears,
/// `value TEXT` returns a result, `flag` returns the cancellation flag's state, `fail` fails, `block` waits for the cancellation flag.
final class ScriptedInterpreter: Interpreter {
    private(set) var executed: [ExecutionRequest] = []
    /// Signalled when a `block` cell has started waiting.
    let blocking = DispatchSemaphore(value: 0)
    let languageInfo: LanguageInfo

    /// The language Backprop's own interpreter describes, unless a test names another.
    static let backpropLanguage = LanguageInfo(
        name: "backprop", version: "1.0", mimetype: "text/x-backprop", fileExtension: ".bp",
        pygmentsLexer: "text", codemirrorMode: "text")

    init(languageInfo: LanguageInfo = ScriptedInterpreter.backpropLanguage) {
        self.languageInfo = languageInfo
    }

    func execute(_ request: ExecutionRequest, output: any OutputPublisher) -> ExecutionOutcome {
        executed.append(request)
        var result: MimeBundle?
        for line in request.code.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            let argument = words.count > 1 ? words[1] : ""
            switch words.first ?? "" {
            case "out": output.stream(.stdout, argument)
            case "err": output.stream(.stderr, argument)
            case "show": output.display(["text/plain": argument], displayID: "d1")
            case "update": output.updateDisplay(["text/plain": argument], displayID: "d1")
            case "clear": output.clearOutput(wait: true)
            case "value": result = ["text/plain": argument]
            case "flag": result = ["text/plain": request.cancellation.isRaised ? "raised" : "clear"]
            case "fail": return .error(name: "ValueError", value: "failed on purpose", traceback: ["tb line"])
            case "block":
                blocking.signal()
                while !request.cancellation.isRaised { usleep(1000) }
                return .error(name: "Interrupted", value: "interrupted", traceback: [])
            default: break
            }
        }
        return .ok(result: result)
    }

    func complete(code: String, cursorPosition: Int) -> Completion {
        Completion(
            matches: ["print", "predict"], cursorStart: max(0, cursorPosition - 2), cursorEnd: cursorPosition)
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection {
        code.hasPrefix("print") ? Inspection(data: ["text/plain": "print VALUE"]) : Inspection(data: nil)
    }

    func isComplete(code: String) -> Completeness {
        code.hasSuffix("[") ? .incomplete(indent: "  ") : .complete
    }
}
