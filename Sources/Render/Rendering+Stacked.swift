extension Rendering {
    /// Several outputs shown as one (the tables of an explained `step`, a chart over its
    /// table): plain texts separated by a blank line, and HTML and Markdown when any part
    /// has them, with the other parts carried over as preformatted text.
    public static func stacked(_ parts: [Rendering]) -> Rendering {
        let plain = parts.map(\.plain).joined(separator: "\n\n")
        let html =
            parts.contains { $0.html != nil }
            ? parts.map { $0.html ?? HTML.plot($0.plain) }.joined(separator: "\n") : nil
        let markdown =
            parts.contains { $0.markdown != nil }
            ? parts.map { $0.markdown ?? "```text\n\($0.plain)\n```" }.joined(separator: "\n\n") : nil
        return Rendering(plain: plain, html: html, markdown: markdown)
    }
}
