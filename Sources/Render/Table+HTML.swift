extension Table {
    /// A `<table>` with a caption for the title and a footer row for the footnote;
    /// every text is escaped.
    public func html() -> String {
        let cells = formattedCells()
        let alignments = resolvedAlignments()
        var lines = ["<table class=\"backprop-table\">"]
        if let title { lines.append("<caption>\(HTML.escape(title))</caption>") }
        let header = columns.indices.map { index in
            "<th\(HTML.alignStyle(alignments[index]))>\(HTML.escape(columns[index].header))</th>"
        }
        lines.append("<thead><tr>\(header.joined())</tr></thead>")
        lines.append("<tbody>")
        for row in cells {
            let data = row.indices.map { index in
                "<td\(HTML.alignStyle(alignments[index]))>\(HTML.escape(row[index]))</td>"
            }
            lines.append("<tr>\(data.joined())</tr>")
        }
        lines.append("</tbody>")
        if let footnote {
            lines.append(
                "<tfoot><tr><td colspan=\"\(columns.count)\" style=\"text-align:left\">"
                    + "\(HTML.escape(footnote))</td></tr></tfoot>")
        }
        lines.append("</table>")
        return lines.joined(separator: "\n")
    }
}

/// HTML text rules shared by every renderer that emits HTML.
enum HTML {
    /// `text` with the five characters that HTML gives meaning replaced by entities.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A `style` attribute for a cell's alignment.
    static func alignStyle(_ alignment: TextAlignment) -> String {
        switch alignment {
        case .left: return " style=\"text-align:left\""
        case .right: return " style=\"text-align:right\""
        case .center: return " style=\"text-align:center\""
        }
    }

    /// Fixed-width text as a `<pre>` block, for outputs that are pictures made of characters.
    static func preformatted(_ text: String) -> String {
        "<pre style=\"line-height:1.2\">\(escape(text))</pre>"
    }
}
