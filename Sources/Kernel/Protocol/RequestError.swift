/// Why a handler could not answer a request; becomes an error reply, never a crash.
public enum RequestError: Error, Sendable, Equatable {
    /// The request's content lacks a field the handler needs, or it has the wrong type.
    case missingField(String, messageType: String)

    /// The `ename` of the error reply.
    var name: String { "InvalidRequest" }
}

extension RequestError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingField(let field, let type):
            return "\(type) needs a '\(field)' field of the right type"
        }
    }
}
