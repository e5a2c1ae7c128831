/// A place in a cell: 1-based line and column, and 0-based offset, all counted in Unicode code points.
public struct SourcePosition: Sendable, Equatable, Comparable {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode code points.
    public var column: Int
    /// 0-based offset from the start of the cell, in Unicode code points.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.offset < rhs.offset
    }
}

/// A half-open span of a cell, from `start` up to (not including) `end`.
public struct SourceRange: Sendable, Equatable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(_ start: SourcePosition, _ end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func joined(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    /// Number of code points covered (at least 1 for caret drawing).
    var width: Int { max(1, end.offset - start.offset) }
}
