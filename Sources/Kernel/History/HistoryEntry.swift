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

    init?(json: JSONValue) {
        guard let session = json["session"]?.intValue, let line = json["line"]?.intValue,
            let input = json["input"]?.stringValue
        else { return nil }
        self.init(session: session, line: line, input: input, output: json["output"]?.stringValue)
    }

    /// The `history_reply` element: `[session, line, input]` or `[session, line, [input, output]]`.
    func reply(withOutput: Bool) -> JSONValue {
        let source: JSONValue = withOutput ? [.string(input), JSONValue(output)] : .string(input)
        return [JSONValue(session), JSONValue(line), source]
    }
}
