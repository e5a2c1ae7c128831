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
}
