import Dispatch
import Foundation
import Synchronization

/// The kernel on real sockets: binds the five channels of a connection file and serves
/// them until a shutdown request. The shell runs on the calling thread (the interpreter
/// never leaves it); control, stdin and heartbeat have their own threads; iopub is sent on
/// by shell and control under a lock, with a thread of its own watching for subscribers.
/// Every socket refuses frames over its `SocketLimits`.
public enum KernelServer {
    /// Serves until shut down. Throws if the connection file cannot be honoured.
    public static func run(
        connection: ConnectionInfo, info: KernelInfo, interpreter: any Interpreter, history: HistoryStore
    ) throws(ConnectionError) {
        let codec = WireCodec(signer: try connection.makeSigner())
        let factory = MessageFactory()
        let context = ZMQContext()
        let sockets = try bindSockets(connection, context: context)
        let publisher = IOPubPublisher(socket: sockets.iopub, codec: codec, factory: factory)
        let sink = SocketSink(codec: codec, shell: sockets.shell, control: sockets.control, iopub: publisher)
        let cancellation = CancellationFlag()
        ignoreWriteSignals()
        let interruptSignal = InterruptSignal(raising: cancellation)
        defer { withExtendedLifetime(interruptSignal) {} }

        let finished = DispatchGroup()
        startThread("iopub", group: finished) { publisher.watch() }
        startThread("heartbeat", group: finished) {
            sockets.heartbeat.adopt()
            sockets.heartbeat.echoForever()
            sockets.heartbeat.close()
        }
        startThread("stdin", group: finished) {
            sockets.stdin.adopt()
            StdinDrain.run(on: sockets.stdin)
            sockets.stdin.close()
        }

        let shutdown = ShutdownSequence(publisher: publisher, context: context)
        let kernelContext = KernelContext(
            sink: sink, factory: factory, info: info, language: interpreter.languageInfo,
            cancellation: cancellation,
            requestShutdown: { _ in shutdown.begin() })

        let control = ControlDispatcher(context: kernelContext)
        startThread("control", group: finished) {
            sockets.control.adopt()
            while let frames = sockets.control.receive() {
                if let request = decode(frames, codec: codec, channel: .control) { control.handle(request) }
            }
            sockets.control.close()
        }

        let shell = ShellDispatcher(interpreter: interpreter, history: history, context: kernelContext) {
            while let queued = sockets.shell.receive(wait: false) {
                if let next = decode(queued, codec: codec, channel: .shell) { return next }
            }
            return nil
        }
        while let frames = sockets.shell.receive() {
            if let request = decode(frames, codec: codec, channel: .shell) { shell.handle(request) }
        }
        sockets.shell.close()
        finished.wait()
        context.terminate()
    }

    private struct Sockets: Sendable {
        let shell: ZMQSocket
        let control: ZMQSocket
        let stdin: ZMQSocket
        let iopub: ZMQSocket
        let heartbeat: ZMQSocket
    }

    private static func bindSockets(_ connection: ConnectionInfo, context: ZMQContext) throws(ConnectionError)
        -> Sockets
    {
        func make(_ channel: String, _ kind: ZMQSocket.Kind, _ port: Int, largestFrame: Int64)
            throws(ConnectionError)
            -> ZMQSocket
        {
            let socket = ZMQSocket(context: context, kind: kind)
            // Lets replies already sent leave before the context is terminated at shutdown.
            socket.set(.lingerMilliseconds(1000))
            // Before bind: the listener copies the socket's options, and each connection it accepts
            // takes them from there.
            socket.set(.largestFrameBytes(largestFrame))
            if kind == .publisher {
                // Pass every subscription up, not only the first per topic, so each client is welcomed.
                socket.set(.passEverySubscription)
            }
            let endpoint = connection.endpoint(port: port)
            if let reason = socket.bind(endpoint) {
                socket.close()
                throw .bindFailed(channel: channel, endpoint: endpoint, reason: reason)
            }
            return socket
        }
        return Sockets(
            shell: try make(
                "shell", .router, connection.shellPort, largestFrame: SocketLimits.requestFrameBytes),
            control: try make(
                "control", .router, connection.controlPort, largestFrame: SocketLimits.requestFrameBytes),
            stdin: try make(
                "stdin", .router, connection.stdinPort, largestFrame: SocketLimits.requestFrameBytes),
            iopub: try make(
                "iopub", .publisher, connection.iopubPort, largestFrame: SocketLimits.smallFrameBytes),
            heartbeat: try make(
                "heartbeat", .router, connection.heartbeatPort, largestFrame: SocketLimits.smallFrameBytes)
        )
    }

    /// Makes the signals that a failed write raises harmless, so that each failure is an
    /// error return instead of the kernel's end: SIGPIPE for a vanished reader of stderr,
    /// SIGXFSZ for a history append or rotation past the file-size limit (`ulimit -f`), which
    /// then fails with EFBIG and costs a warning. Call it before anything writes a file:
    /// opening the history store may already rotate it.
    public static func ignoreWriteSignals() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }

    private static func decode(_ frames: [[UInt8]], codec: WireCodec, channel: Channel) -> Message? {
        do {
            return try codec.decode(frames)
        } catch {
            KernelLog.warning("\(channel.rawValue): dropped a message: \(error)")
            return nil
        }
    }

    private static func startThread(
        _ name: String, group: DispatchGroup, _ body: @escaping @Sendable () -> Void
    ) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = "backprop-\(name)"
        thread.start()
    }
}

/// Stops the kernel once: close iopub (what was published still leaves), then end every blocking socket call.
private final class ShutdownSequence: Sendable {
    private let publisher: IOPubPublisher
    private let context: ZMQContext
    private let started = Atomic<Bool>(false)

    init(publisher: IOPubPublisher, context: ZMQContext) {
        self.publisher = publisher
        self.context = context
    }

    func begin() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        publisher.stopAndWait()
        context.shutdown()
        // A cell that never polls its cancellation flag must not keep the process alive.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 5)
            KernelLog.warning("shutdown: the running cell did not stop; exiting")
            exit(0)
        }
    }
}
