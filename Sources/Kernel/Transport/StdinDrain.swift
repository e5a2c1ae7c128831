/// The stdin channel's reader. The kernel never sends `input_request` (the language reads
/// no input), so nothing that arrives on stdin answers anything: each message is dropped
/// as it arrives, without being copied out of libzmq, and a throttled warning says so.
/// Left unread, the socket kept everything a peer sent there in the kernel's memory.
enum StdinDrain {
    /// Receives and drops messages until the context shuts down. Runs on the stdin thread,
    /// which owns `socket`.
    static func run(on socket: ZMQSocket) {
        var warning = ThrottledWarning(interval: .seconds(10))
        while let dropped = socket.discard() {
            warning.warn(
                "stdin: dropped a message of \(dropped.frames) frames, \(dropped.bytes) bytes:"
                    + " this kernel never asks for input")
        }
    }
}
