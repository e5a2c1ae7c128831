import Dispatch
import Glibc
import Synchronization

/// The one publisher on iopub. The XPUB socket sits behind a lock, and whichever thread
/// publishes (shell for a cell's outputs, control for its own status) sends on it
/// directly while holding the lock: the lock is the full memory barrier ZeroMQ asks for
/// when a socket moves between threads, and no hand-off to another thread is paid per
/// message (a round trip to the publishing thread cost a wake-up per message).
///
/// New subscribers are greeted with `iopub_welcome`. Their subscriptions arrive as
/// input on the socket, noticed either by the watcher thread (`watch()`, woken by the
/// socket's notification descriptor) or by a publishing thread right after its send,
/// since a send may consume the descriptor's notification.
final class IOPubPublisher: Sendable {
    /// The socket until `stopAndWait()` closes it.
    private let socket: Mutex<ZMQSocket?>
    private let notification: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let codec: WireCodec
    private let factory: MessageFactory
    private let stopped = DispatchSemaphore(value: 0)

    init(socket: ZMQSocket, codec: WireCodec, factory: MessageFactory) {
        notification = socket.notificationDescriptor
        self.socket = Mutex(socket)
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

    /// Signs `message` and sends it, on the caller's thread; dropped once stopped.
    func publish(_ message: Message) {
        let frames = codec.encode(message)
        socket.withLock { socket in
            guard let socket else { return }
            socket.adopt()
            socket.send(frames)
            welcomeNewSubscribers(on: socket)
        }
    }

    /// Closes the socket (messages sent so far still leave within its linger time) and
    /// waits, a second at most, for the watcher thread to end.
    func stopAndWait() {
        socket.withLock { socket in
            socket?.adopt()
            socket?.close()
            socket = nil
        }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        _ = stopped.wait(timeout: .now() + 1)
    }

    /// The watcher thread's loop: greets subscribers until `stopAndWait()`.
    func watch() {
        defer { stopped.signal() }
        var items = [
            pollfd(fd: notification, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let running = socket.withLock { socket in
                guard let socket else { return false }
                socket.adopt()
                welcomeNewSubscribers(on: socket)
                return true
            }
            if !running { return }
            // The descriptor is edge-triggered; the check above re-armed it. The timeout is a
            // safety net only: every publish also looks for new subscriptions.
            items[0].revents = 0
            items[1].revents = 0
            _ = poll(&items, 2, 1000)
        }
    }

    /// Protocol 5.5: greets each waiting subscription so its client knows iopub is connected.
    private func welcomeNewSubscribers(on socket: ZMQSocket) {
        while socket.hasInput, let frames = socket.receive(wait: false) {
            guard let frame = frames.first, frame.first == 1 else { continue }
            let topic = String(decoding: frame.dropFirst(), as: UTF8.self)
            let message = factory.broadcast(
                type: "iopub_welcome", content: ["subscription": .string(topic)], parent: nil)
            socket.send(codec.encode(message))
        }
    }
}
