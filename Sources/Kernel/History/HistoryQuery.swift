/// A `history_request`, read from its content.
public enum HistoryQuery: Sendable, Equatable {
    /// The last `count` entries of all sessions.
    case tail(count: Int)
    /// Lines `start..<stop` of `session` (0 or negative: relative to the current one; nil stop: to the end).
    case range(session: Int, start: Int, stop: Int?)
    /// Entries whose input matches the glob `pattern`; the last `count` (all for nil), once each if `unique`.
    case search(pattern: String, count: Int?, unique: Bool)

    /// Reads the query; nil for an unknown `hist_access_type`.
    init?(content: JSONValue) {
        switch content["hist_access_type"]?.stringValue {
        case "tail":
            self = .tail(count: content["n"]?.intValue ?? 10)
        case "range":
            self = .range(
                session: content["session"]?.intValue ?? 0, start: content["start"]?.intValue ?? 0,
                stop: content["stop"]?.intValue)
        case "search":
            self = .search(
                pattern: content["pattern"]?.stringValue ?? "*", count: content["n"]?.intValue,
                unique: content["unique"]?.boolValue ?? false)
        default:
            return nil
        }
    }
}

/// Shell-style wildcard matching over whole strings: `*` any run, `?` one character.
enum GlobPattern {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern.unicodeScalars)
        let text = Array(text.unicodeScalars)
        var p = 0
        var t = 0
        var starP = -1
        var starT = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                // Let the last star swallow one more character and retry.
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
