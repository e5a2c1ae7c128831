/// Sends the dispatchers' messages on the real sockets, each on its owner's thread:
/// shell and stdin replies from the shell thread, control replies from the control
/// thread (the sockets check it), iopub through the publisher's lock from either.
struct SocketSink: MessageSink {
    let codec: WireCodec
    let shell: ZMQSocket
    let control: ZMQSocket
    let stdin: ZMQSocket
    let iopub: IOPubPublisher

    func send(_ message: Message, on channel: Channel) {
        switch channel {
        case .iopub: iopub.publish(message)
        case .shell: shell.send(codec.encode(message))
        case .control: control.send(codec.encode(message))
        case .stdin: stdin.send(codec.encode(message))
        }
    }
}
