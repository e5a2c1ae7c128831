import FileWriting

/// A JSON value written with its keys in the order given, for `train_config.json`.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case integer(Int)
    case boolean(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (left: JSONValue, right: JSONValue) -> Bool {
        left.text() == right.text()
    }

    /// The text, indented by two spaces a level.
    public func text(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .string(let value): return jsonStringLiteral(value)
        case .number(let value): return value.isFinite ? "\(value)" : "null"
        case .integer(let value): return "\(value)"
        case .boolean(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array(let values):
            // Short arrays of scalars stay on one line.
            if values.allSatisfy(\.isScalar) {
                return "[" + values.map { $0.text() }.joined(separator: ", ") + "]"
            }
            return "[\n" + values.map { pad + $0.text(indent: indent + 1) }.joined(separator: ",\n")
                + "\n\(closing)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n"
                + pairs.map { pad + jsonStringLiteral($0.0) + ": " + $0.1.text(indent: indent + 1) }
                .joined(separator: ",\n") + "\n\(closing)}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}
