/// One output in every form a front end may show: aligned plain text always, and where the
/// kind of output has them HTML, Markdown and an SVG picture (tables have HTML and Markdown,
/// charts and heatmaps an SVG picture, progress lines HTML). `mimeData` chooses which of them
/// a Jupyter front end receives.
public struct Rendering: Sendable, Equatable {
    /// Fixed-width text; what `backprop run`, exports and `text/plain` show.
    public var plain: String
    /// An HTML fragment for `text/html`, if this output has one.
    public var html: String?
    /// Markdown for `text/markdown`, if this output has one.
    public var markdown: String?
    /// A standalone SVG document for `image/svg+xml`, if this output is a picture.
    public var svg: String?

    public init(plain: String, html: String? = nil, markdown: String? = nil, svg: String? = nil) {
        self.plain = plain
        self.html = html
        self.markdown = markdown
        self.svg = svg
    }
}
