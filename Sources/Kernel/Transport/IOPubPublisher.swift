import Dispatch
import Glibc
import Synchronization

/// The one publisher on iopub. Any thread may enqueue messages; only the iopub thread
/// touches the XPUB socket. A pipe wakes that thread, so it can wait on the socket
/// (for new subscribers, who are greeted with `iopub_welcome`) and the queue at once.
final class IOPubPublisher: Sendable {
    private struct Queue {
        var pending: [[[UInt8]]] = []
        var stopping = false
    }

    private let queue = Mutex(Queue())
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let codec: WireCodec
    private let factory: MessageFactory
    private let stopped = DispatchSemaphore(value: 0)

    init(codec: WireCodec, factory: MessageFactory) {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "cannot create the iopub wake-up pipe")
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.codec = codec
        self.factory = factory
    }

    deinit {
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
    }

    /// Queues `message` for publishing; signing happens here, on the caller's thread.
    func enqueue(_ message: Message) {
        let frames = codec.encode(message)
        let wasEmpty = queue.withLock { queue in
            defer { queue.pending.append(frames) }
            return queue.pending.isEmpty
        }
        // A non-empty queue has a wake-up on its way already; one per batch saves thread switches.
        if wasEmpty { wake() }
    }

    /// Asks the iopub thread to publish what is queued and stop, and waits (a second at most) until it has.
    func stopAndWait() {
        queue.withLock { $0.stopping = true }
        wake()
        _ = stopped.wait(timeout: .now() + 1)
    }

    private func wake() {
        var byte: UInt8 = 1
        // A full pipe already holds a wake-up, so a failed write loses nothing.
        _ = write(wakeWrite, &byte, 1)
    }

    /// The iopub thread's loop: owns `socket` until `stop()` or the context shuts down.
    func run(socket: ZMQSocket) {
        socket.adopt()
        defer {
            socket.close()
            stopped.signal()
        }
        while true {
            let ready = socket.poll(alsoFileDescriptor: wakeRead)
            if !ready.socket && !ready.fileDescriptor { return }
            if ready.socket, let frames = socket.receive(wait: false) {
                welcome(subscription: frames, on: socket)
            }
            if ready.fileDescriptor {
                var buffer = [UInt8](repeating: 0, count: 256)
                while read(wakeRead, &buffer, buffer.count) > 0 {}
                let (batch, stopping) = queue.withLock { queue in
                    defer { queue.pending.removeAll(keepingCapacity: true) }
                    return (queue.pending, queue.stopping)
                }
                for frames in batch { socket.send(frames) }
                if stopping { return }
            }
        }
    }

    /// Protocol 5.5: greet each new subscription so the client knows iopub is connected.
    private func welcome(subscription frames: [[UInt8]], on socket: ZMQSocket) {
        guard let frame = frames.first, frame.first == 1 else { return }
        let topic = String(decoding: frame.dropFirst(), as: UTF8.self)
        let message = factory.broadcast(
            type: "iopub_welcome", content: ["subscription": .string(topic)], parent: nil)
        socket.send(codec.encode(message))
    }
}
