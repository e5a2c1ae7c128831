/// The sockets a message can travel on.
public enum Channel: String, Sendable, CaseIterable {
    case shell
    case control
    case iopub
    case stdin
}

/// One Jupyter message, decoded and verified: routing identities, the four JSON parts
/// and any binary buffers.
public struct Message: Sendable, Equatable {
    /// ZeroMQ routing frames before `<IDS|MSG>`; replies go back with the same ones.
    public var identities: [[UInt8]]
    /// The header as received or built; always an object holding `msg_id` and `msg_type`.
    public var header: JSONValue
    public var parentHeader: JSONValue
    public var metadata: JSONValue
    public var content: JSONValue
    public var buffers: [[UInt8]]

    public init(
        identities: [[UInt8]] = [], header: JSONValue, parentHeader: JSONValue = [:],
        metadata: JSONValue = [:], content: JSONValue = [:], buffers: [[UInt8]] = []
    ) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// The header's `msg_type`, such as `execute_request`.
    public var type: String { header["msg_type"]?.stringValue ?? "" }

    /// The header's `msg_id`.
    public var id: String { header["msg_id"]?.stringValue ?? "" }

    /// The parent's `msg_id`, if the message has a parent.
    public var parentID: String? { parentHeader["msg_id"]?.stringValue }
}
