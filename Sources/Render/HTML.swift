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

    /// A text picture (chart, map) as a `<pre>` block that keeps its grid in any font.
    ///
    /// Common monospace fonts (Menlo, Consolas, DejaVu Sans Mono) have no braille, so the
    /// browser borrows it from a proportional font whose glyphs are wider than a column and
    /// the chart drifts right. Each character outside the ranges those fonts cover is
    /// therefore put in a box exactly one column (`1ch`) wide. JupyterLab's sanitizer (for
    /// untrusted notebooks) drops `ch` units, so `0.6em`, the advance of Menlo and DejaVu
    /// Sans Mono, stands before it as the fallback.
    static func plot(_ text: String) -> String {
        var html = "<pre class=\"backprop-plot\" style=\"line-height:1.25\">"
        var safeRun = ""
        for character in text {
            if isCoveredByMonospaceFonts(character) {
                safeRun.append(character)
                continue
            }
            html += escape(safeRun)
            safeRun = ""
            html += "<span style=\"\(columnBoxStyle)\">\(escape(String(character)))</span>"
        }
        return html + escape(safeRun) + "</pre>"
    }

    /// The style of a one-column box around a character.
    static let columnBoxStyle = "display:inline-block;width:0.6em;width:1ch"

    /// ASCII, Latin-1, box drawing and block elements: present in every common monospace font.
    static func isCoveredByMonospaceFonts(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
            return false
        }
        return scalar.value < 0x100 || (0x2500...0x259F).contains(scalar.value)
    }
}
