/// Answers shell-channel requests by calling the interpreter. Runs on the shell thread;
/// the interpreter, the execution counter and the history are touched nowhere else.
public final class ShellDispatcher {
    let context: KernelContext
    let interpreter: any Interpreter
    let history: HistoryStore

    /// The count of `store_history` executions so far, shown as `In [n]`.
    public internal(set) var executionCount = 0

    /// True while the requests queued behind a cell that failed with `stop_on_error` are
    /// answered: their executes get an error reply and do not run.
    public internal(set) var isAborting = false

    /// Takes the next request already waiting on the shell socket, nil when none is.
    let takeQueued: () -> Message?

    /// Requests taken off the queue when a cell failed, answered after its reply.
    var requestsToAbort: [Message] = []

    /// A dispatcher for `interpreter`; `queued` yields the requests already waiting on the
    /// shell socket without blocking (nil when none), for the abort after a failed cell.
    public init(
        interpreter: any Interpreter, history: HistoryStore, context: KernelContext,
        queued: @escaping () -> Message? = { nil }
    ) {
        self.takeQueued = queued
        self.interpreter = interpreter
        self.history = history
        self.context = context
    }

    /// Answers one shell request with its reply content.
    typealias Handler = @Sendable (ShellDispatcher, Message) throws(RequestError) -> JSONValue

    /// What shell answers: message type to handler. Adding a request type is one entry here.
    /// Any other type (`comm_open`, a reply, a control-only request...) is logged and
    /// dropped, as ipykernel does: no reply, and, unlike ipykernel, no status on iopub either.
    static let handlers: [String: Handler] = [
        "kernel_info_request": { shell, _ in shell.context.kernelInfoReply },
        "execute_request": { shell, request throws(RequestError) in try shell.execute(request) },
        "complete_request": { shell, request throws(RequestError) in try shell.complete(request) },
        "inspect_request": { shell, request throws(RequestError) in try shell.inspect(request) },
        "is_complete_request": { shell, request throws(RequestError) in try shell.isComplete(request) },
        "history_request": { shell, request in shell.historyReply(request) },
        "comm_info_request": { _, _ in ["status": "ok", "comms": [:]] },
        "shutdown_request": { shell, request in shell.context.shutdownReply(request) },
    ]

    /// The request types answered on shell.
    public static var handledTypes: Set<String> { Set(handlers.keys) }

    /// Answers one request; unknown types are logged and dropped without a word on iopub.
    func answer(_ request: Message) {
        guard let handler = ShellDispatcher.handlers[request.type] else {
            KernelLog.warning("shell: ignoring message of unknown type '\(request.type)'")
            return
        }
        context.respond(to: request, on: .shell) { request throws(RequestError) in
            try handler(self, request)
        }
    }

    private func code(of request: Message) throws(RequestError) -> String {
        guard let code = request.content["code"]?.stringValue else {
            throw .missingField("code", messageType: request.type)
        }
        return code
    }

    /// The cursor as a code-point offset, clamped into the code; missing means the end.
    private func cursor(of request: Message, in code: String) -> Int {
        let length = code.unicodeScalars.count
        guard let position = request.content["cursor_pos"]?.intValue else { return length }
        return min(max(0, position), length)
    }

    private func complete(_ request: Message) throws(RequestError) -> JSONValue {
        let code = try code(of: request)
        let completion = interpreter.complete(code: code, cursorPosition: cursor(of: request, in: code))
        return [
            "status": "ok", "matches": .array(completion.matches.map { .string($0) }),
            "cursor_start": JSONValue(completion.cursorStart), "cursor_end": JSONValue(completion.cursorEnd),
            "metadata": [:],
        ]
    }

    private func inspect(_ request: Message) throws(RequestError) -> JSONValue {
        let code = try code(of: request)
        let inspection = interpreter.inspect(
            code: code, cursorPosition: cursor(of: request, in: code),
            detailLevel: request.content["detail_level"]?.intValue ?? 0)
        return [
            "status": "ok", "found": .bool(inspection.data != nil),
            "data": JSONValue(inspection.data ?? [:]), "metadata": [:],
        ]
    }

    private func isComplete(_ request: Message) throws(RequestError) -> JSONValue {
        switch interpreter.isComplete(code: try code(of: request)) {
        case .complete: return ["status": "complete"]
        case .incomplete(let indent): return ["status": "incomplete", "indent": .string(indent)]
        case .invalid: return ["status": "invalid"]
        case .unknown: return ["status": "unknown"]
        }
    }

    private func historyReply(_ request: Message) -> JSONValue {
        let withOutput = request.content["output"]?.boolValue ?? false
        let entries = HistoryQuery(content: request.content).map { history.entries(for: $0) } ?? []
        return ["status": "ok", "history": .array(entries.map { $0.reply(withOutput: withOutput) })]
    }
}

extension ShellDispatcher {
    /// Answers `request`. If it is a cell that fails with `stop_on_error`, the requests that
    /// were already waiting when it failed (taken before its error reply went out, as
    /// ipykernel's `_abort_queues` means) are answered next, and no execute among them runs.
    /// A request sent after the client saw the error reply is never aborted.
    public func handle(_ request: Message) {
        answer(request)
        guard !requestsToAbort.isEmpty else { return }
        let waiting = requestsToAbort
        requestsToAbort = []
        isAborting = true
        defer { isAborting = false }
        for next in waiting { answer(next) }
    }
}
