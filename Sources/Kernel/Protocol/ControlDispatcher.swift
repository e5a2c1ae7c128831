/// Answers control-channel requests. Runs on the control thread, so it answers while
/// a long cell keeps the shell thread busy.
public struct ControlDispatcher: Sendable {
    /// The request types answered on control.
    public static let handledTypes: Set<String> = [
        "kernel_info_request", "shutdown_request", "interrupt_request",
    ]

    let context: KernelContext

    public init(context: KernelContext) {
        self.context = context
    }

    /// Answers one request; unknown types are logged and dropped without a word on iopub.
    public func handle(_ request: Message) {
        guard ControlDispatcher.handledTypes.contains(request.type) else {
            KernelLog.warning("control: ignoring message of unknown type '\(request.type)'")
            return
        }
        context.respond(to: request, on: .control) { request throws(RequestError) in
            switch request.type {
            case "kernel_info_request":
                return context.kernelInfoReply
            case "interrupt_request":
                // Raised at once; the running cell sees it on its next poll.
                context.cancellation.raise()
                return ["status": "ok"]
            default:
                context.cancellation.raise()
                return context.shutdownReply(request)
            }
        }
    }
}
