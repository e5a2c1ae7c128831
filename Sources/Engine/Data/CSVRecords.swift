/// One row of a CSV file with the line it came from (the header is line 1).
struct CSVRecord: Sendable, Equatable {
    let line: Int
    let fields: [String]
}

/// Splits CSV text into records, keeping line numbers for error messages.
///
/// Fields are separated by commas; a field may be quoted with `"` (a doubled
/// `""` inside stands for one quote) so that it can hold commas. A quoted field
/// must close on its own line. Spaces around unquoted fields are dropped, blank
/// lines are skipped, and both `\n` and `\r\n` end a line.
enum CSVRecords {
    static func parse(_ text: String, source: String) throws(DataError) -> [CSVRecord] {
        // Spreadsheets often start UTF-8 files with a byte-order mark; it is not part of a name.
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        // Swift reads "\r\n" as one Character, so both endings are separators here.
        let lines = body.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var records: [CSVRecord] = []
        for (index, line) in lines.enumerated() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let fields = splitFields(Array(line)) else {
                throw .unterminatedQuote(source: source, line: index + 1)
            }
            records.append(CSVRecord(line: index + 1, fields: fields))
        }
        return records
    }

    /// The fields of one line, or nil when a quote is left open.
    private static func splitFields(_ characters: [Character]) -> [String]? {
        var fields: [String] = []
        var current = ""
        var wasQuoted = false
        var inQuotes = false
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if inQuotes {
                if character != "\"" {
                    current.append(character)
                } else if index + 1 < characters.count, characters[index + 1] == "\"" {
                    current.append("\"")
                    index += 1
                } else {
                    inQuotes = false
                }
            } else if character == "," {
                fields.append(wasQuoted ? current : trimmed(current))
                current = ""
                wasQuoted = false
            } else if character == "\"", trimmed(current).isEmpty {
                current = ""
                inQuotes = true
                wasQuoted = true
            } else {
                current.append(character)
            }
            index += 1
        }
        guard !inQuotes else { return nil }
        fields.append(wasQuoted ? current : trimmed(current))
        return fields
    }

    private static func trimmed(_ text: String) -> String {
        var kept = Substring(text)
        while let first = kept.first, first == " " || first == "\t" { kept.removeFirst() }
        while let last = kept.last, last == " " || last == "\t" { kept.removeLast() }
        return String(kept)
    }
}
