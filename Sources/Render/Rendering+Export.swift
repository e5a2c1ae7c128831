extension Rendering {
    /// A chart or other picture as the text of a file: plain text, or Markdown with the
    /// picture in a code fence. Data formats need a table and throw, naming the valid ones.
    public func exported(as format: ExportFormat) throws(RenderError) -> String {
        switch format {
        case .text:
            return plain + "\n"
        case .markdown:
            return markdown.map { $0 + "\n" } ?? "```text\n" + plain + "\n```\n"
        case .tsv, .csv, .json:
            throw .unsupportedExport(
                what: "plot", format: format.rawValue,
                valid: [ExportFormat.text.rawValue, ExportFormat.markdown.rawValue])
        }
    }

    /// Writes the output to `path` in the format its extension names, atomically.
    public func export(to path: String) throws(RenderError) {
        let format = try ExportFormat(path: path)
        try writeExport(exported(as: format), to: path)
    }
}
