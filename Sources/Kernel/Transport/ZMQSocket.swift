import CZeroMQ
import Glibc

/// A libzmq socket with one owning thread. ZeroMQ sockets are not thread-safe: the
/// thread that calls `adopt()` is the only one allowed to use it afterwards, and every
/// call checks that. It is `Sendable` only so it can be handed to that thread (or, for
/// iopub, passed between threads under a lock that each holder adopts it in).
final class ZMQSocket: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private var owner: pthread_t
    private var isClosed = false

    /// The socket types the kernel binds.
    enum Kind: Sendable {
        /// ROUTER: shell, control, stdin and heartbeat, which answer each peer by its identity.
        case router
        /// XPUB: iopub, which also receives its subscribers' subscriptions.
        case publisher

        var zmqType: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .publisher: ZMQ_XPUB
            }
        }
    }

    /// The socket options the kernel sets.
    enum Option: Sendable {
        /// `ZMQ_LINGER`: how long unsent messages may keep the context from terminating.
        case lingerMilliseconds(Int32)
        /// `ZMQ_MAXMSGSIZE`: a peer that sends a bigger frame is disconnected.
        case largestFrameBytes(Int64)
        /// `ZMQ_XPUB_VERBOSE`: an XPUB passes up every subscription, not only each topic's first.
        case passEverySubscription
    }

    /// A socket of `kind`, owned for now by the creating thread.
    init(context: ZMQContext, kind: Kind) {
        handle = zmq_socket(context.handle, kind.zmqType)
        owner = pthread_self()
    }

    /// Makes the calling thread the owner; call first thing on the thread that will use it.
    func adopt() {
        owner = pthread_self()
    }

    private func checkOwner() {
        precondition(pthread_equal(owner, pthread_self()) != 0, "a ZeroMQ socket used off its owning thread")
    }

    /// Sets `option`. A refusal is logged: the kernel relies on every option it sets.
    func set(_ option: Option) {
        switch option {
        case .lingerMilliseconds(let milliseconds): setOption(ZMQ_LINGER, milliseconds)
        // An `int64_t` option: libzmq checks the length it is given, so passed as an `int`
        // it would be refused (EINVAL).
        case .largestFrameBytes(let bytes): setOption(ZMQ_MAXMSGSIZE, int64: bytes)
        case .passEverySubscription: setOption(ZMQ_XPUB_VERBOSE, 1)
        }
    }

    private func setOption(_ option: Int32, _ value: Int32) {
        checkOwner()
        var value = value
        if zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) != 0 {
            KernelLog.warning("cannot set socket option \(option) to \(value): \(zmqErrorText())")
        }
    }

    private func setOption(_ option: Int32, int64 value: Int64) {
        checkOwner()
        var value = value
        if zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size) != 0 {
            KernelLog.warning("cannot set socket option \(option) to \(value): \(zmqErrorText())")
        }
    }

    /// Binds to `endpoint`; the error text on failure.
    func bind(_ endpoint: String) -> String? {
        checkOwner()
        return zmq_bind(handle, endpoint) == 0 ? nil : zmqErrorText()
    }

    /// One multipart message; nil if `wait` is false and none is waiting, or the context is shutting down.
    func receive(wait: Bool = true) -> [[UInt8]]? {
        checkOwner()
        var parts: [[UInt8]] = []
        var more = true
        while more {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let flags: Int32 = (parts.isEmpty && !wait) ? ZMQ_DONTWAIT : 0
            var received = zmq_msg_recv(&message, handle, flags)
            while received < 0 && zmq_errno() == EINTR {
                received = zmq_msg_recv(&message, handle, flags)
            }
            if received < 0 { return nil }
            let size = zmq_msg_size(&message)
            if let data = zmq_msg_data(&message), size > 0 {
                parts.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                parts.append([])
            }
            more = zmq_msg_more(&message) != 0
        }
        return parts
    }

    /// Receives one multipart message, waiting for it, and drops it without copying its
    /// bytes out of libzmq: how many frames and bytes it had, nil once the context is
    /// shutting down. For a channel whose messages are never used (stdin).
    func discard() -> (frames: Int, bytes: Int)? {
        checkOwner()
        var frames = 0
        var bytes = 0
        var more = true
        while more {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var received = zmq_msg_recv(&message, handle, 0)
            while received < 0 && zmq_errno() == EINTR {
                received = zmq_msg_recv(&message, handle, 0)
            }
            if received < 0 { return nil }
            frames += 1
            bytes += zmq_msg_size(&message)
            more = zmq_msg_more(&message) != 0
        }
        return (frames, bytes)
    }

    /// Sends a multipart message; false if the context is shutting down.
    @discardableResult
    func send(_ parts: [[UInt8]]) -> Bool {
        checkOwner()
        for (index, part) in parts.enumerated() {
            let flags: Int32 = index < parts.count - 1 ? ZMQ_SNDMORE : 0
            let sent = part.withUnsafeBytes { bytes in
                var result = zmq_send(handle, bytes.baseAddress, bytes.count, flags)
                while result < 0 && zmq_errno() == EINTR {
                    result = zmq_send(handle, bytes.baseAddress, bytes.count, flags)
                }
                return result
            }
            if sent < 0 {
                KernelLog.warning("send failed: \(zmqErrorText())")
                return false
            }
        }
        return true
    }

    /// Echoes every message back to its sender until the context shuts down (the heartbeat).
    func echoForever() {
        checkOwner()
        zmq_proxy(handle, handle, nil)
    }

    /// Waits until this socket or file descriptor `fd` is readable; returns (socket, fd) readiness.
    /// Both false means the context is shutting down.
    func poll(alsoFileDescriptor fd: Int32) -> (socket: Bool, fileDescriptor: Bool) {
        checkOwner()
        var items = [
            zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
            zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0),
        ]
        while true {
            let ready = zmq_poll(&items, 2, -1)
            if ready >= 0 { break }
            if zmq_errno() != EINTR { return (false, false) }
        }
        return (items[0].revents & Int16(ZMQ_POLLIN) != 0, items[1].revents & Int16(ZMQ_POLLIN) != 0)
    }

    /// The descriptor libzmq signals when the socket's events may have changed
    /// (edge-triggered: `hasInput` re-arms it).
    var notificationDescriptor: Int32 {
        checkOwner()
        var fd: Int32 = -1
        var size = MemoryLayout<Int32>.size
        zmq_getsockopt(handle, ZMQ_FD, &fd, &size)
        return fd
    }

    /// Whether a message is waiting to be received, without blocking.
    var hasInput: Bool {
        checkOwner()
        guard !isClosed else { return false }
        var events: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, ZMQ_EVENTS, &events, &size) == 0 else { return false }
        return events & Int32(ZMQ_POLLIN) != 0
    }

    func close() {
        checkOwner()
        guard !isClosed else { return }
        isClosed = true
        zmq_close(handle)
    }
}
