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

    private static func block(for diagnostic: Diagnostic, lines: [String], firstLine: Int) -> [String] {
        // Front ends show only the traceback, so it opens with the kind and message.
        var out = ["\(diagnostic.kind.rawValue): \(diagnostic.message)"]
        if let range = diagnostic.range {
            out.append("line \(range.start.line + firstLine - 1), column \(range.start.column):")
            let line = range.start.line - 1 < lines.count ? lines[range.start.line - 1] : ""
            let scalars = Array(line.unicodeScalars)
            let lineLength = scalars.count
            let startColumn = range.start.column - 1
            // A range spanning lines underlines to the end of its first line.
            let width =
                range.end.line == range.start.line
                ? range.width : max(1, lineLength - startColumn)
            out.append("    " + line)
            let tildes = String(repeating: "~", count: max(0, width - 1))
            out.append("    " + String(repeating: " ", count: max(0, startColumn)) + "^" + tildes)
        }
        out += diagnostic.notes
        return out
    }
}
