/// Where the dispatch core sends what it produces. The socket server sends on
/// ZeroMQ; tests collect the messages in memory.
public protocol MessageSink: Sendable {
    /// Sends `message` on `channel`. Shell replies are sent from the shell thread,
    /// control replies from the control thread; iopub may come from either.
    func send(_ message: Message, on channel: Channel)
}
