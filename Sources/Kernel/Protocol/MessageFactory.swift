import Foundation
import Synchronization

/// Builds the headers of outgoing messages: one session id, fresh message ids, UTC dates.
public final class MessageFactory: Sendable {
    /// The protocol version this kernel speaks (5.5 adds `iopub_welcome`).
    public static let protocolVersion = "5.5"

    /// This kernel session's id, in every header it sends.
    public let session: String
    public let username: String
    private let counter = Atomic<Int>(0)

    public init(session: String = UUID().uuidString.lowercased(), username: String = "backprop") {
        self.session = session
        self.username = username
    }

    /// A new header for a message of `type`.
    public func header(type: String) -> JSONValue {
        let sequence = counter.add(1, ordering: .relaxed).newValue
        return [
            "msg_id": .string("\(session)_\(sequence)"),
            "msg_type": .string(type),
            "session": .string(session),
            "username": .string(username),
            "date": .string(MessageFactory.timestamp()),
            "version": .string(MessageFactory.protocolVersion),
        ]
    }

    /// A reply to `request`, routed back to its sender.
    public func reply(to request: Message, type: String, content: JSONValue, metadata: JSONValue = [:])
        -> Message
    {
        Message(
            identities: request.identities, header: header(type: type), parentHeader: request.header,
            metadata: metadata, content: content)
    }

    /// An iopub message caused by `parent` (nil for none, as for `iopub_welcome`).
    public func broadcast(type: String, content: JSONValue, parent: Message?) -> Message {
        Message(
            identities: [Array("kernel.\(session).\(type)".utf8)], header: header(type: type),
            parentHeader: parent?.header ?? [:], content: content)
    }

    /// Now as ISO 8601 with microseconds in UTC, as jupyter_client writes it.
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
            + ".\(pad(Int(spec.tv_nsec) / 1000, 6))Z"
    }
}
