/// What the shell and control dispatchers share: where messages go, how headers are
/// made, what the kernel says about itself and its language, and the one interrupt flag.
public struct KernelContext: Sendable {
    public var sink: any MessageSink
    public var factory: MessageFactory
    public var info: KernelInfo
    /// The interpreter's `languageInfo`, read once: control answers `kernel_info_request`
    /// on its own thread and never calls the interpreter.
    public var language: LanguageInfo
    public var cancellation: CancellationFlag
    /// Called once a `shutdown_request` has been answered; the argument is its `restart` flag.
    public var requestShutdown: @Sendable (_ restart: Bool) -> Void

    public init(
        sink: any MessageSink, factory: MessageFactory, info: KernelInfo, language: LanguageInfo,
        cancellation: CancellationFlag, requestShutdown: @escaping @Sendable (_ restart: Bool) -> Void
    ) {
        self.sink = sink
        self.factory = factory
        self.info = info
        self.language = language
        self.cancellation = cancellation
        self.requestShutdown = requestShutdown
    }

    /// Publishes a `status` message with `request` as parent.
    func publishStatus(_ state: String, for request: Message) {
        publish("status", ["execution_state": .string(state)], parent: request)
    }

    /// Publishes an iopub message with `parent`.
    func publish(_ type: String, _ content: JSONValue, parent: Message) {
        sink.send(factory.broadcast(type: type, content: content, parent: parent), on: .iopub)
    }

    /// Answers `request` on `channel`: `busy`, the handler's reply (or an error reply if
    /// it throws), `idle`. A shutdown request then shuts the kernel down.
    func respond(
        to request: Message, on channel: Channel,
        with handler: (Message) throws(RequestError) -> JSONValue
    ) {
        publishStatus("busy", for: request)
        let content: JSONValue
        do {
            content = try handler(request)
        } catch {
            KernelLog.warning("\(request.type) failed: \(error)")
            content = [
                "status": "error", "ename": .string(error.name), "evalue": .string(error.description),
                "traceback": [.string(error.description)],
            ]
        }
        let replyType = String(request.type.dropLast("_request".count)) + "_reply"
        sink.send(factory.reply(to: request, type: replyType, content: content), on: channel)
        publishStatus("idle", for: request)
        if request.type == "shutdown_request" {
            requestShutdown(request.content["restart"]?.boolValue ?? false)
        }
    }

    /// The `kernel_info_reply` content, the same on shell and control.
    var kernelInfoReply: JSONValue {
        info.content(language: language)
    }

    /// The `shutdown_reply` content: the restart flag echoed.
    func shutdownReply(_ request: Message) -> JSONValue {
        ["status": "ok", "restart": .bool(request.content["restart"]?.boolValue ?? false)]
    }
}
