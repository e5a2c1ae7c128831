/// Completion candidates replacing the code points `start..<end` of the cell.
public struct CompletionResult: Sendable, Equatable {
    public var matches: [String]
    public var start: Int
    public var end: Int

    public init(matches: [String], start: Int, end: Int) {
        self.matches = matches
        self.start = start
        self.end = end
    }
}
