import Foundation

/// The history of executed cells, kept as JSON lines on disk so it survives restarts,
/// like IPython's history database. Each kernel start is a new session number.
///
/// Neither start-up nor a query costs more with the years of use behind the file:
/// start-up reads the file's end for the latest session, a query reads backwards only as
/// far as it needs, and the file is rotated down to its newest lines (`HistoryLimits`).
/// A history path that is not a regular file (a named pipe, a link to /dev/urandom, a
/// directory) or cannot be opened costs one warning, and the session's history is kept
/// in memory instead; start-up never waits on it. Used from the shell thread only.
public final class HistoryStore {
    /// This kernel's session number.
    public let session: Int
    /// The history file; nil when history is kept in memory only.
    private(set) var file: HistoryFile?
    /// The session's entries when there is no file (tests, or a path that cannot be used),
    /// with the length of each one's record; bounded as the file is.
    private var memoryEntries: [(entry: HistoryEntry, bytes: Int)] = []
    private var memoryBytes = 0
    /// The file length past which an append tries to rotate: after a rotation fails, not
    /// again until the file has grown by another kept part, so a cell does not pay for a
    /// failed rotation each time.
    private var rotationTrigger = HistoryLimits.rotationThresholdBytes
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

    /// Checks that `file` is a regular file (or not there yet), rotates it if it is too
    /// long, and returns the latest session in its end (0 for none). Throws if the file cannot be used.
    private static func prepare(_ file: HistoryFile) throws(HistoryFileError) -> Int {
        guard try file.openForReading() != nil else { return 0 }
        do {
            try file.rotate(
                above: HistoryLimits.rotationThresholdBytes, keeping: HistoryLimits.keptAfterRotationBytes)
        } catch {
            // Replaced by something else meanwhile: that file is not used.
            if error.isNotRegularFile { throw error }
            KernelLog.warning("history: not rotated: \(error)")
        }
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

    /// Records a cell of this session: one append to the file (a rotation when that makes
    /// it too long), or an entry in memory. A failure costs a warning, never the cell.
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
            remember(entry, bytes: record.count)
            return
        }
        do {
            let size = try appendCreatingDirectory(record, to: file)
            if size > rotationTrigger { rotate(file, size: size) }
        } catch {
            guard error.isNotRegularFile else {
                failures.warn("history: cell \(line) is not saved: \(error)")
                return
            }
            KernelLog.warning("history: \(error); the rest of this session's history is kept in memory only")
            self.file = nil
            remember(entry, bytes: record.count)
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

    private func rotate(_ file: HistoryFile, size: Int) {
        do {
            try file.rotate(
                above: HistoryLimits.rotationThresholdBytes, keeping: HistoryLimits.keptAfterRotationBytes)
            rotationTrigger = HistoryLimits.rotationThresholdBytes
        } catch {
            rotationTrigger = size + HistoryLimits.keptAfterRotationBytes
            failures.warn("history: not rotated: \(error)")
        }
    }

    /// Keeps `entry` in memory, dropping the oldest ones once they hold more than a file may.
    private func remember(_ entry: HistoryEntry, bytes: Int) {
        memoryEntries.append((entry, bytes))
        memoryBytes += bytes
        guard memoryBytes > HistoryLimits.rotationThresholdBytes else { return }
        var dropped = 0
        while memoryBytes > HistoryLimits.keptAfterRotationBytes {
            memoryBytes -= memoryEntries[dropped].bytes
            dropped += 1
        }
        memoryEntries.removeFirst(dropped)
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
            for (entry, _) in memoryEntries.reversed() {
                guard selection.offer(entry) else { break }
            }
        }
        return selection.entries
    }
}
