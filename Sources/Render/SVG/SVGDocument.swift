import Foundation

/// A standalone SVG picture built element by element.
///
/// The output is the same bytes for the same chart: attributes keep the order they are given
/// in, numbers are written with at most two decimals, and nothing depends on time or chance
/// (no timestamps, no generated ids). Elements carry class names (`axis`, `tick-label`,
/// `series`, …) so that tests and style sheets can find them.
struct SVGDocument: Sendable {
    let width: Double
    let height: Double
    /// Class names of the root element.
    let classes: String
    private var elements: [String] = []

    /// An empty picture of `width` × `height` pixels on a white background.
    init(width: Double, height: Double, classes: String) {
        self.width = width
        self.height = height
        self.classes = classes
        add(
            "rect",
            ["class": "background", "x": "0", "y": "0", "width": "100%", "height": "100%", "fill": "#ffffff"])
    }

    /// Appends one element; `content` is text, escaped here.
    mutating func add(
        _ name: String, _ attributes: KeyValuePairs<String, String>, text content: String? = nil
    ) {
        elements.append(Self.element(name, attributes.map { ($0.key, $0.value) }, text: content))
    }

    /// Appends markup made by `element` (a group, say).
    mutating func addMarkup(_ markup: String) {
        elements.append(markup)
    }

    /// Opens a group; close it with `endGroup`.
    mutating func beginGroup(_ attributes: KeyValuePairs<String, String>) {
        elements.append("<g" + Self.attributeText(attributes.map { ($0.key, $0.value) }) + ">")
    }

    mutating func endGroup() {
        elements.append("</g>")
    }

    /// One text label; `anchor` is `start`, `middle` or `end`.
    mutating func text(
        _ content: String, x: Double, y: Double, className: String, anchor: String = "start",
        size: Double? = nil, rotate: Bool = false
    ) {
        var attributes: [(String, String)] = [
            ("class", className), ("x", Self.number(x)), ("y", Self.number(y)),
        ]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let size { attributes.append(("font-size", Self.number(size))) }
        if rotate { attributes.append(("transform", "rotate(-90 \(Self.number(x)) \(Self.number(y)))")) }
        elements.append(Self.element("text", attributes, text: content))
    }

    /// A straight line.
    mutating func line(
        from start: (x: Double, y: Double), to end: (x: Double, y: Double), className: String,
        stroke: String = "#333333", dashed: Bool = false
    ) {
        var attributes: [(String, String)] = [
            ("class", className), ("x1", Self.number(start.x)), ("y1", Self.number(start.y)),
            ("x2", Self.number(end.x)), ("y2", Self.number(end.y)), ("stroke", stroke),
        ]
        if dashed { attributes.append(("stroke-dasharray", "4 3")) }
        elements.append(Self.element("line", attributes))
    }

    /// A filled rectangle; `title` becomes a tooltip.
    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, className: String,
        title: String? = nil
    ) {
        let attributes: [(String, String)] = [
            ("class", className), ("x", Self.number(x)), ("y", Self.number(y)),
            ("width", Self.number(width)), ("height", Self.number(height)), ("fill", fill),
        ]
        guard let title else {
            elements.append(Self.element("rect", attributes))
            return
        }
        elements.append(
            "<rect" + Self.attributeText(attributes) + ">" + Self.element("title", [], text: title)
                + "</rect>")
    }

    /// The whole picture as XML text.
    func xml() -> String {
        let root =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(Self.escape(classes))\""
            + " width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
            + " viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
            + " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\" fill=\"#222222\">"
        return ([root] + elements + ["</svg>"]).joined(separator: "\n")
    }

    /// `<name a="v" …>text</name>`, or self-closed when there is no text.
    static func element(_ name: String, _ attributes: [(String, String)], text content: String? = nil)
        -> String
    {
        let open = "<" + name + attributeText(attributes)
        guard let content else { return open + "/>" }
        return open + ">" + escape(content) + "</" + name + ">"
    }

    static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// Text safe in XML content and in double-quoted attributes. Characters XML 1.0 forbids
    /// (control characters other than tab, newline and return) are dropped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF || (0x7F...0x9F).contains(value) {
                    continue
                }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A coordinate with at most two decimals and no trailing zeros (`12`, `12.5`, `12.25`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A rough width of `text` in pixels at `size`, for layout: fonts are not measured here.
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(DisplayWidth.of(text)) * size * 0.6
    }
}
