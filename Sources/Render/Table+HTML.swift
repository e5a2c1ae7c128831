extension Table {
    /// A `<table>` with a caption for the title and a footer row for the footnote;
    /// every text is escaped.
    public func html() -> String {
        let cells = formattedCells()
        let alignments = resolvedAlignments()
        var lines = ["<table class=\"backprop-table\">"]
        // A title wider than the table stays on one line, left-aligned, instead of wrapping in JupyterLab.
        if let title {
            lines.append(
                "<caption style=\"white-space:nowrap;text-align:left\">\(HTML.escape(title))</caption>")
        }
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
