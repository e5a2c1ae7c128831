import Foundation
import Synchronization

@testable import Kernel

/// Collects everything the dispatch core sends, as swift-nio's EmbeddedChannel does:
/// the protocol handlers run without a single socket.
final class InMemorySink: MessageSink {
    private let sent = Mutex<[(channel: Channel, message: Message)]>([])

    func send(_ message: Message, on channel: Channel) {
        sent.withLock { $0.append((channel, message)) }
    }

    /// Everything sent so far, in order.
    var all: [(channel: Channel, message: Message)] { sent.withLock { $0 } }

    /// `channel:msg_type` of every message caused by the request `parentID`, in order.
    func trace(of parentID: String) -> [String] {
        all.filter { $0.message.parentID == parentID }.map { "\($0.channel.rawValue):\($0.message.type)" }
    }

    /// The reply to `parentID` on shell or control.
    func reply(to parentID: String) -> Message? {
        all.first { $0.channel != .iopub && $0.message.parentID == parentID }?.message
    }

    /// The iopub messages caused by `parentID`.
    func iopub(for parentID: String) -> [Message] {
        all.filter { $0.channel == .iopub && $0.message.parentID == parentID }.map(\.message)
    }

    func clear() { sent.withLock { $0.removeAll() } }
}

/// A kernel core wired to an in-memory sink, with a request builder.
final class InMemoryKernel {
    let sink = InMemorySink()
    let factory = MessageFactory(session: "kernel-session")
    let cancellation = CancellationFlag()
    let shutdowns = ShutdownLog()
    let shell: ShellDispatcher
    /// Requests "waiting on the shell socket", taken when a cell fails with stop_on_error.
    let waiting = WaitingRequests()
    let control: ControlDispatcher
    private let client = MessageFactory(session: "client-session", username: "tester")

    init(interpreter: any Interpreter, history: HistoryStore = HistoryStore(file: nil)) {
        let shutdowns = self.shutdowns
        let context = KernelContext(
            sink: sink, factory: factory,
            info: KernelInfo(implementationVersion: "9.9", banner: "test banner"),
            language: interpreter.languageInfo, cancellation: cancellation,
            requestShutdown: { restart in shutdowns.requests.withLock { $0.append(restart) } })
        let waiting = self.waiting
        shell = ShellDispatcher(interpreter: interpreter, history: history, context: context) {
            waiting.takeFirst()
        }
        control = ControlDispatcher(context: context)
    }

    /// A request as a client would send it.
    func request(_ type: String, _ content: JSONValue = [:]) -> Message {
        Message(identities: [Array("client-1".utf8)], header: client.header(type: type), content: content)
    }

    /// Sends a request to shell and returns its id.
    @discardableResult
    func shell(_ type: String, _ content: JSONValue = [:]) -> String {
        let message = request(type, content)
        shell.handle(message)
        return message.id
    }

    /// Runs `code` on shell and returns the request id.
    @discardableResult
    func execute(_ code: String, _ extra: [String: JSONValue] = [:]) -> String {
        var content: [String: JSONValue] = ["code": .string(code)]
        content.merge(extra) { _, new in new }
        return shell("execute_request", .object(content))
    }
}

/// The `restart` flags of the shutdowns a test kernel was asked for.
final class ShutdownLog: Sendable {
    let requests = Mutex<[Bool]>([])

    var all: [Bool] { requests.withLock { $0 } }
}

/// The requests a test has queued behind the one being handled.
final class WaitingRequests {
    var requests: [Message] = []

    func takeFirst() -> Message? {
        requests.isEmpty ? nil : requests.removeFirst()
    }
}
