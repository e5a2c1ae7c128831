import Foundation

extension Rendering {
    /// The MIME bundle of a `display_data`, `update_display_data` or `execute_result`:
    /// text/plain always, image/svg+xml for a picture, and one rich form, text/markdown or else
    /// text/html.
    ///
    /// The forms are chosen for the two readers that each show the first form they know in a
    /// fixed order: JupyterLab (HTML, Markdown, LaTeX, SVG, images, plain text) and nbconvert's
    /// Markdown export (HTML, Markdown, SVG, LaTeX, PNG, JPEG, plain text). Both take HTML first,
    /// so an output with a Markdown form sends no HTML, and a Markdown export gets Markdown
    /// tables. Both take Markdown before SVG, so no bundle can have JupyterLab pick the SVG while
    /// nbconvert picks text; a picture's Markdown form therefore carries both: the SVG as an
    /// image (which JupyterLab's sanitizer keeps in untrusted notebooks too), then its plain text
    /// in a fenced block folded under it. JupyterLab shows the picture, and the exported file
    /// holds the text. Consoles and other clients read text/plain or the SVG.
    public var mimeData: [String: String] {
        var data = ["text/plain": plain]
        if let svg { data["image/svg+xml"] = svg }
        if let markdown = markdownForm {
            data["text/markdown"] = markdown
        } else if let html {
            data["text/html"] = html
        }
        return data
    }

    /// The Markdown a front end gets: the output's own, or for a picture, the picture with its text.
    var markdownForm: String? {
        markdown ?? svg.map { Self.pictureMarkdown(svg: $0, plain: plain) }
    }

    /// An `<img>` of the SVG (alt text: the picture's first line, its title), then the plain
    /// text in a fenced block inside a closed `<details>`.
    static func pictureMarkdown(svg: String, plain: String) -> String {
        let title = plain.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "picture"
        let source = "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
        return "<img alt=\"\(HTML.escape(title))\" src=\"\(source)\">\n\n"
            + "<details><summary>as text</summary>\n\n" + fenced(plain) + "\n\n</details>"
    }

    /// `text` in a fenced code block whose fence is longer than any run of backticks inside it.
    static func fenced(_ text: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "text\n" + text + "\n" + fence
    }
}
