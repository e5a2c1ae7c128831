import Foundation

/// The history of executed cells, kept as JSON lines on disk so it survives restarts,
/// like IPython's history database. Each kernel start is a new session number.
///
/// The file is only appended to while cells run and only read when a client asks for
/// history, so neither start-up time nor memory grows with it. Used from the shell thread only.
public final class HistoryStore {
    /// This kernel's session number.
    public let session: Int
    private let file: URL?
    /// The entries, when there is no file (tests, or a history that cannot be written).
    private var memoryEntries: [HistoryEntry] = []
    private var appendHandle: FileHandle?

    /// A store backed by `file` (nil keeps history in memory only).
    public init(file: URL?) {
        self.file = file
        // The file only grows, so the latest sessions are at its end.
        let latest = file.map { HistoryStore.readEntries(of: $0, lastBytes: 64 * 1024) } ?? []
        session = (latest.map(\.session).max() ?? 0) + 1
    }

    /// The entries of `file` (those in its last `lastBytes`, if given), oldest first.
    private static func readEntries(of file: URL, lastBytes: UInt64? = nil) -> [HistoryEntry] {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return [] }
        defer { try? handle.close() }
        var skipFirstLine = false
        if let lastBytes, let size = try? handle.seekToEnd(), size > lastBytes {
            try? handle.seek(toOffset: size - lastBytes)
            skipFirstLine = true  // it starts mid-line
        } else {
            try? handle.seek(toOffset: 0)
        }
        guard let data = try? handle.readToEnd() else { return [] }
        var lines = Array(data).split(separator: UInt8(ascii: "\n"))
        if skipFirstLine, !lines.isEmpty { lines.removeFirst() }
        return lines.compactMap { line in
            (try? JSONValue.parse(Array(line))).flatMap(HistoryEntry.init(json:))
        }
    }

    /// `$XDG_DATA_HOME/backprop/history.jsonl`, else `~/.local/share/backprop/history.jsonl`.
    public static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL
    {
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
        guard let file else {
            memoryEntries.append(entry)
            return
        }
        var bytes = entry.json.serialized()
        bytes.append(UInt8(ascii: "\n"))
        do {
            try appender(for: file).write(contentsOf: bytes)
        } catch {
            KernelLog.warning("cannot write history to \(file.path): \(error.localizedDescription)")
            appendHandle = nil
        }
    }

    /// The history file, opened on first use and kept open, so a cell costs one write.
    /// O_APPEND keeps lines whole when several kernels of the same user write at once.
    private func appender(for file: URL) throws -> FileHandle {
        if let appendHandle { return appendHandle }
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(file.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        appendHandle = handle
        return handle
    }

    /// The entries a query selects, oldest first.
    public func entries(for query: HistoryQuery) -> [HistoryEntry] {
        let entries = file.map { HistoryStore.readEntries(of: $0) } ?? memoryEntries
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
