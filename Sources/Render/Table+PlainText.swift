extension Table {
    /// Columns separated by two spaces, aligned by display width, with a rule under the header.
    public func plainText() -> String {
        let cells = formattedCells().map { $0.map(Self.singleLine) }
        let alignments = resolvedAlignments()
        let widths = columns.indices.map { index in
            ([Self.singleLine(columns[index].header)] + cells.map { $0[index] }).map { DisplayWidth.of($0) }
                .max() ?? 0
        }
        let ruleCharacter = style == .unicode ? "─" : "-"
        var lines: [String] = []
        if let title { lines.append(title) }
        lines.append(line(columns.map { Self.singleLine($0.header) }, widths: widths, alignments: alignments))
        lines.append(widths.map { String(repeating: ruleCharacter, count: $0) }.joined(separator: "  "))
        for row in cells {
            lines.append(line(row, widths: widths, alignments: alignments))
        }
        if let footnote { lines.append(footnote) }
        return lines.joined(separator: "\n")
    }

    /// Cell text on one line: a tab or line break inside a cell would break the grid.
    static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    private func line(_ texts: [String], widths: [Int], alignments: [TextAlignment]) -> String {
        let padded = texts.indices.map {
            DisplayWidth.pad(texts[$0], to: widths[$0], alignment: alignments[$0])
        }
        return String(padded.joined(separator: "  ").trimmingTrailingSpaces())
    }
}

extension StringProtocol {
    /// The text without the spaces that end it; padding must not leave invisible tails.
    func trimmingTrailingSpaces() -> Substring {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return text
    }
}
