/// The file formats `export` writes, chosen by the file name's extension.
public enum ExportFormat: String, Sendable, CaseIterable {
    case tsv
    case csv
    case markdown = "md"
    case text = "txt"
    case json

    /// The extensions `export` accepts, without dots, in a stable order.
    public static var validExtensions: [String] { allCases.map(\.rawValue) }

    /// The format for `path`'s extension (case-insensitive); throws listing the valid ones.
    public init(path: String) throws(RenderError) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let found: String
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            found = String(name[name.index(after: dot)...])
        } else {
            found = ""
        }
        guard let format = ExportFormat(rawValue: found.lowercased()) else {
            throw .unknownExportExtension(path: path, found: found, valid: Self.validExtensions)
        }
        self = format
    }
}
