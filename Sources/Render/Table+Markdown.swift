extension Table {
    /// A pipe table (GitHub-flavoured Markdown) with alignment markers; pipes in cells are escaped.
    public func markdown() -> String {
        let cells = formattedCells()
        let alignments = resolvedAlignments()
        var lines: [String] = []
        if let title { lines.append("**\(Self.markdownEscape(title))**"); lines.append("") }
        lines.append(Self.pipeRow(columns.map(\.header)))
        lines.append(
            "|"
                + alignments.map { alignment -> String in
                    switch alignment {
                    case .left: return " :-- |"
                    case .right: return " --: |"
                    case .center: return " :-: |"
                    }
                }.joined())
        for row in cells {
            lines.append(Self.pipeRow(row))
        }
        if let footnote { lines.append(""); lines.append(Self.markdownEscape(footnote)) }
        return lines.joined(separator: "\n")
    }

    private static func pipeRow(_ texts: [String]) -> String {
        "|" + texts.map { " \(markdownEscape($0)) |" }.joined()
    }

    /// Pipes would end a cell and newlines a row; escape the one and break the other with `<br>`.
    static func markdownEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }
}
