/// One executed cell in the history: which session, which execution count, what was run.
public struct HistoryEntry: Sendable, Equatable {
    public var session: Int
    public var line: Int
    public var input: String
    /// The cell's `text/plain` result, if it had one.
    public var output: String?

    public init(session: Int, line: Int, input: String, output: String?) {
        self.session = session
        self.line = line
        self.input = input
        self.output = output
    }

    var json: JSONValue {
        [
            "session": JSONValue(session), "line": JSONValue(line), "input": .string(input),
            "output": JSONValue(output),
        ]
    }

    /// The entry a record holds; nil unless it has a session, a line and an input, with
    /// numbers in `HistoryLimits.numbers`.
    init?(json: JSONValue) {
        guard let session = json["session"]?.intValue, HistoryLimits.numbers.contains(session),
            let line = json["line"]?.intValue, HistoryLimits.numbers.contains(line),
            let input = json["input"]?.stringValue
        else { return nil }
        self.init(session: session, line: line, input: input, output: json["output"]?.stringValue)
    }

    /// The entry of one line of the history file; nil for a line that is not a valid
    /// record (a fragment left by an interrupted write, or one over `HistoryLimits.recordBytes`).
    init?(line: ArraySlice<UInt8>) {
        guard !line.isEmpty, line.count <= HistoryLimits.recordBytes,
            let json = try? JSONValue.parse(Array(line))
        else { return nil }
        self.init(json: json)
    }

    /// The record's line in the history file, without its newline.
    var record: [UInt8] { json.serialized() }

    /// The `history_reply` element: `[session, line, input]` or `[session, line, [input, output]]`.
    func reply(withOutput: Bool) -> JSONValue {
        let source: JSONValue = withOutput ? [.string(input), JSONValue(output)] : .string(input)
        return [JSONValue(session), JSONValue(line), source]
    }
}
