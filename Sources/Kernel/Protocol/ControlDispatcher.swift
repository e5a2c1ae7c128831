/// Answers control-channel requests. Runs on the control thread, so it answers while
/// a long cell keeps the shell thread busy.
public struct ControlDispatcher: Sendable {
    /// Answers one control request with its reply content.
    typealias Handler = @Sendable (KernelContext, Message) throws(RequestError) -> JSONValue

    /// What control answers: message type to handler. Adding a request type is one entry here.
    /// Any other type (shell's requests included) is logged and dropped: no reply, nothing on iopub.
    static let handlers: [String: Handler] = [
        "kernel_info_request": { context, _ in context.kernelInfoReply },
        "interrupt_request": { context, _ in
            // Raised at once; the running cell sees it on its next poll.
            context.cancellation.raise()
            return ["status": "ok"]
        },
        "shutdown_request": { context, request in
            // The running cell, if any, stops at its next poll, so the kernel can end.
            context.cancellation.raise()
            return context.shutdownReply(request)
        },
    ]

    /// The request types answered on control.
    public static var handledTypes: Set<String> { Set(handlers.keys) }

    let context: KernelContext

    public init(context: KernelContext) {
        self.context = context
    }

    /// Answers one request; unknown types are logged and dropped without a word on iopub.
    public func handle(_ request: Message) {
        guard let handler = ControlDispatcher.handlers[request.type] else {
            KernelLog.warning("control: ignoring message of unknown type '\(request.type)'")
            return
        }
        context.respond(to: request, on: .control) { request throws(RequestError) in
            try handler(context, request)
        }
    }
}
