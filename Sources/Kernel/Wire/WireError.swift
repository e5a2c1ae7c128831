/// Why an incoming multipart message was dropped.
public enum WireError: Error, Sendable, Equatable {
    /// No `<IDS|MSG>` frame among the parts.
    case missingDelimiter(frameCount: Int)
    /// Fewer than the five frames (signature and four JSON parts) after the delimiter.
    case tooFewFrames(found: Int, needed: Int)
    /// Signing is on and the signature frame is empty.
    case missingSignature
    /// The signature does not match the parts (including a wrong length).
    case badSignature(length: Int, expectedLength: Int)
    /// A signature seen before: the message is a replay.
    case replayedSignature
    /// A JSON part is not valid JSON.
    case invalidJSON(part: String, JSONParseError)
    /// The header lacks a string `msg_id` or `msg_type`, or is not an object.
    case invalidHeader(missing: String)
}

/// Why the kernel could not start from its connection file.
public enum ConnectionError: Error, Sendable, Equatable {
    case unreadableFile(path: String, reason: String)
    case invalidJSON(path: String, JSONParseError)
    case missingField(String, path: String)
    case unsupportedSignatureScheme(String, supported: [String])
    case unsupportedTransport(String, supported: [String])
    case bindFailed(channel: String, endpoint: String, reason: String)
}

extension WireError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingDelimiter(let count):
            return "no <IDS|MSG> delimiter among \(count) frames"
        case .tooFewFrames(let found, let needed):
            return "\(found) frames after the delimiter, \(needed) needed"
        case .missingSignature:
            return "unsigned message while signing is on"
        case .badSignature(let length, let expected):
            return "signature does not match (length \(length), expected \(expected))"
        case .replayedSignature:
            return "signature already seen: replayed message"
        case .invalidJSON(let part, let error):
            return "\(part) is not valid JSON: \(error.reason) at byte \(error.offset)"
        case .invalidHeader(let missing):
            return "header has no string '\(missing)'"
        }
    }
}

extension ConnectionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read connection file '\(path)': \(reason)"
        case .invalidJSON(let path, let error):
            return "connection file '\(path)' is not valid JSON: \(error.reason) at byte \(error.offset)"
        case .missingField(let field, let path):
            return "connection file '\(path)' has no '\(field)'"
        case .unsupportedSignatureScheme(let scheme, let supported):
            return
                "signature scheme '\(scheme)' is not supported; use one of: \(supported.joined(separator: ", "))"
        case .unsupportedTransport(let transport, let supported):
            return
                "transport '\(transport)' is not supported; use one of: \(supported.joined(separator: ", "))"
        case .bindFailed(let channel, let endpoint, let reason):
            return "cannot bind the \(channel) socket to \(endpoint): \(reason)"
        }
    }
}
