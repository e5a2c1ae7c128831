extension Rendering {
    /// Several outputs shown as one display (the tables of an explained `step`, a chart over
    /// its table): plain texts separated by a blank line; in HTML and Markdown each part in
    /// its own form (a picture as its picture and text), a part that has none carried over as
    /// preformatted text. The parts' SVG pictures live on in the Markdown form only.
    public static func stacked(_ parts: [Rendering]) -> Rendering {
        let plain = parts.map(\.plain).joined(separator: "\n\n")
        let html = parts.map { $0.html ?? "<pre>\(HTML.escape($0.plain))</pre>" }.joined(separator: "\n")
        let markdown = parts.map { $0.markdownForm ?? "```\n\($0.plain)\n```" }.joined(separator: "\n\n")
        return Rendering(plain: plain, html: html, markdown: markdown)
    }
}
