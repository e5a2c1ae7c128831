/// Sends the dispatchers' messages on the real sockets, each on its owner's thread:
/// shell replies from the shell thread, control replies from the control thread (the
/// sockets check it), iopub through the publisher's lock from either. Nothing is sent on
/// stdin: the kernel never asks for input, and the stdin socket belongs to the thread that
/// drains it (`StdinDrain`).
struct SocketSink: MessageSink {
    let codec: WireCodec
    let shell: ZMQSocket
    let control: ZMQSocket
    let iopub: IOPubPublisher

    func send(_ message: Message, on channel: Channel) {
        switch channel {
        case .iopub: iopub.publish(message)
        case .shell: shell.send(codec.encode(message))
        case .control: control.send(codec.encode(message))
        case .stdin: KernelLog.warning("stdin: not sending \(message.type): this kernel never asks for input")
        }
    }
}
