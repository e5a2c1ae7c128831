/// One output in every form a front end may show: aligned plain text always,
/// HTML and Markdown where the kind of output has them (tables have both; plots add
/// HTML only to keep their character grid in fonts without braille).
public struct Rendering: Sendable, Equatable {
    /// Fixed-width text; what `backprop run`, exports and `text/plain` show.
    public var plain: String
    /// An HTML fragment for `text/html`, if this output has one.
    public var html: String?
    /// Markdown for `text/markdown`, if this output has one.
    public var markdown: String?

    public init(plain: String, html: String? = nil, markdown: String? = nil) {
        self.plain = plain
        self.html = html
        self.markdown = markdown
    }
}
