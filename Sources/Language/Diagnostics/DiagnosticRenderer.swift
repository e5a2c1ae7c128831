/// A diagnostic turned into the three parts of a Jupyter `error` message.
public struct RenderedError: Sendable, Equatable, Error {
    /// The short kind, such as `NameError`.
    public var name: String
    /// One sentence.
    public var value: String
    /// Lines shown under the error: place, source line, caret, notes.
    public var traceback: [String]

    public init(name: String, value: String, traceback: [String]) {
        self.name = name
        self.value = value
        self.traceback = traceback
    }
}

/// The one place diagnostics become text.
public enum DiagnosticRenderer {
    /// Renders one or more diagnostics of a cell; the first gives `ename` and `evalue`.
    /// `firstLine` is the line number the cell's first line has in its file (1 in a notebook).
    public static func render(_ diagnostics: [Diagnostic], source: String, firstLine: Int = 1)
        -> RenderedError
    {
        precondition(!diagnostics.isEmpty, "an error needs at least one diagnostic")
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var traceback: [String] = []
        for diagnostic in diagnostics {
            if !traceback.isEmpty { traceback.append("") }
            traceback += block(for: diagnostic, lines: lines, firstLine: firstLine)
        }
        let first = diagnostics[0]
        return RenderedError(name: first.kind.rawValue, value: first.message, traceback: traceback)
    }

    /// The text a terminal shows: the traceback, which opens with `Name: value`.
    public static func plainText(of error: RenderedError) -> String {
        error.traceback.joined(separator: "\n")
    }

    /// Lines longer than this are shown as a part around the error, between ellipses.
    static let maximumShownLine = 100

    /// The part of a source line shown above the caret: the whole line if it is short, else
    /// `maximumShownLine` characters starting a little before the error, with "…" where text was
    /// cut; and the caret's column and width within that part. A cell of one 3 MB word no longer
    /// gets a 3 MB line and a 3 MB row of tildes back.
    private static func window(of line: [Unicode.Scalar], around column: Int, width: Int)
        -> (text: String, column: Int, width: Int)
    {
        guard line.count > maximumShownLine else {
            return (String(String.UnicodeScalarView(line)), column, width)
        }
        let context = 20
        let start = max(0, min(column - context, line.count - maximumShownLine))
        let end = min(line.count, start + maximumShownLine)
        let opening = start > 0 ? "…" : ""
        let closing = end < line.count ? "…" : ""
        let text = opening + String(String.UnicodeScalarView(line[start..<end])) + closing
        let shownColumn = column - start + (start > 0 ? 1 : 0)
        let shownWidth = max(1, min(width, end - column + (closing.isEmpty ? 0 : 1)))
        return (text, shownColumn, shownWidth)
    }

    private static func block(for diagnostic: Diagnostic, lines: [String], firstLine: Int) -> [String] {
        // Front ends show only the traceback, so it opens with the kind and message.
        var out = ["\(diagnostic.kind.rawValue): \(diagnostic.message)"]
        if let range = diagnostic.range {
            out.append("line \(range.start.line + firstLine - 1), column \(range.start.column):")
            let line = range.start.line - 1 < lines.count ? lines[range.start.line - 1] : ""
            let scalars = Array(line.unicodeScalars)
            let startColumn = range.start.column - 1
            // A range spanning lines underlines to the end of its first line.
            let width =
                range.end.line == range.start.line
                ? range.width : max(1, scalars.count - startColumn)
            let shown = window(of: scalars, around: startColumn, width: width)
            out.append("    " + shown.text)
            let tildes = String(repeating: "~", count: max(0, shown.width - 1))
            out.append("    " + String(repeating: " ", count: max(0, shown.column)) + "^" + tildes)
        }
        out += diagnostic.notes
        return out
    }
}
