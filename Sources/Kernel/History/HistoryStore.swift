import Foundation

/// The history of executed cells, kept as JSON lines on disk so it survives restarts,
/// like IPython's history database. Each kernel start is a new session number.
///
/// Used from the shell thread only.
public final class HistoryStore {
    /// This kernel's session number.
    public private(set) var session: Int
    private var entries: [HistoryEntry]
    private let file: URL?

    /// A store backed by `file` (nil keeps history in memory only).
    public init(file: URL?) {
        self.file = file
        var loaded: [HistoryEntry] = []
        if let file, let text = try? String(contentsOf: file, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                if let json = try? JSONValue.parse(Array(line.utf8)), let entry = HistoryEntry(json: json) {
                    loaded.append(entry)
                }
            }
        }
        entries = loaded
        session = (loaded.map(\.session).max() ?? 0) + 1
    }

    /// `$XDG_DATA_HOME/backprop/history.jsonl`, else `~/.local/share/backprop/history.jsonl`.
    public static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            base = URL(fileURLWithPath: data)
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        return base.appendingPathComponent("backprop/history.jsonl")
    }

    /// Records a cell of this session and appends it to the file.
    public func record(line: Int, input: String, output: String?) {
        let entry = HistoryEntry(session: session, line: line, input: input, output: output)
        entries.append(entry)
        guard let file else { return }
        var bytes = entry.json.serialized()
        bytes.append(UInt8(ascii: "\n"))
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: file.path) {
                _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
        } catch {
            KernelLog.warning("cannot write history to \(file.path): \(error.localizedDescription)")
        }
    }

    /// The entries a query selects, oldest first.
    public func entries(for query: HistoryQuery) -> [HistoryEntry] {
        switch query {
        case .tail(let count):
            return Array(entries.suffix(max(0, count)))
        case .range(let requested, let start, let stop):
            let target = requested > 0 ? requested : session + requested
            return entries.filter { entry in
                entry.session == target && entry.line >= start && (stop.map { entry.line < $0 } ?? true)
            }
        case .search(let pattern, let count, let unique):
            var found = entries.filter { GlobPattern.matches(pattern, $0.input) }
            if unique {
                // Keep each input's latest occurrence, in order.
                var seen: Set<String> = []
                found = found.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let count { found = Array(found.suffix(max(0, count))) }
            return found
        }
    }
}
