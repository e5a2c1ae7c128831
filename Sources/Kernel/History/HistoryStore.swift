import Foundation

/// The history of executed cells, kept as JSON lines on disk so it survives restarts,
/// like IPython's history database. Each kernel start is a new session number.
///
/// Neither start-up nor a query costs more with the years of use behind the file:
/// start-up reads the file's end for the latest session, and a query reads backwards
/// only as far as it needs, within a bounded part of the end (`HistoryLimits`).
/// A history path that is not a regular file (a named pipe, a link to /dev/urandom, a
/// directory) or cannot be opened costs one warning, and the session's history is kept
/// in memory instead; start-up never waits on it. Used from the shell thread only.
public final class HistoryStore {
    /// This kernel's session number.
    public let session: Int
    /// The history file; nil when history is kept in memory only.
    private(set) var file: HistoryFile?
    /// The session's entries when there is no file (tests, or a path that cannot be used).
    private var memoryEntries: [HistoryEntry] = []
    /// Failures a cell can cause again and again (a full disk) are logged at most once a minute.
    private var failures = ThrottledWarning(interval: .seconds(60))

    /// A store backed by `file` (nil keeps history in memory only).
    public init(file url: URL?) {
        guard let url else {
            file = nil
            session = 1
            return
        }
        let file = HistoryFile(path: url.path)
        do {
            let latest = try HistoryStore.prepare(file)
            self.file = file
            session = latest < HistoryLimits.numbers.upperBound ? latest + 1 : latest
        } catch {
            KernelLog.warning("history: \(error); this session's history is kept in memory only")
            self.file = nil
            session = 1
        }
    }

    /// Checks that `file` is a regular file (or not there yet) and returns the latest
    /// session in its end (0 for none). Throws if the file cannot be used.
    private static func prepare(_ file: HistoryFile) throws(HistoryFileError) -> Int {
        guard try file.openForReading() != nil else { return 0 }
        var latest = 0
        try file.scanBackwards { entry, fromTheEnd in
            latest = max(latest, entry.session)
            return latest == 0 || fromTheEnd < HistoryLimits.startupTailBytes
        }
        return latest
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

    /// Records a cell of this session: one append to the file, or an entry in memory. A
    /// failure costs a warning, never the cell.
    public func record(line: Int, input: String, output: String?) {
        let entry = HistoryEntry(session: session, line: line, input: input, output: output)
        let record = entry.record
        guard record.count <= HistoryLimits.recordBytes else {
            failures.warn(
                "history: cell \(line) is not saved: its record has \(record.count) bytes,"
                    + " over the limit of \(HistoryLimits.recordBytes)")
            return
        }
        guard let file else {
            memoryEntries.append(entry)
            return
        }
        do {
            _ = try appendCreatingDirectory(record, to: file)
        } catch {
            guard error.isNotRegularFile else {
                failures.warn("history: cell \(line) is not saved: \(error)")
                return
            }
            KernelLog.warning("history: \(error); the rest of this session's history is kept in memory only")
            self.file = nil
            memoryEntries.append(entry)
        }
    }

    /// Appends, creating the file's directory first if it is missing.
    private func appendCreatingDirectory(_ record: [UInt8], to file: HistoryFile) throws(HistoryFileError)
        -> Int
    {
        do {
            return try file.append(record)
        } catch {
            let directory = URL(fileURLWithPath: file.path).deletingLastPathComponent()
            guard !FileManager.default.fileExists(atPath: directory.path) else { throw error }
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch let failure {
                throw HistoryFileError(
                    description: "mkdir \(directory.path): \(failure.localizedDescription)")
            }
            return try file.append(record)
        }
    }

    /// The entries a query selects, oldest first.
    public func entries(for query: HistoryQuery) -> [HistoryEntry] {
        var selection = HistorySelection(query, currentSession: session)
        guard selection.wantsMore else { return [] }
        if let file {
            do {
                try file.scanBackwards { entry, _ in selection.offer(entry) }
            } catch {
                failures.warn("history: cannot read: \(error)")
            }
        } else {
            for entry in memoryEntries.reversed() {
                guard selection.offer(entry) else { break }
            }
        }
        return selection.entries
    }
}
