import FileWriting
import Glibc

/// The history file on disk: JSON lines, appended to by every kernel of the user, read
/// backwards from the end in bounded blocks, and rotated down to its newest lines before
/// it grows past `HistoryLimits.rotationThresholdBytes`. Used from one thread.
///
/// Several kernels may share the file. Appends take a shared advisory lock and rotation
/// an exclusive one, on the file itself; since rotation renames a new file over the path,
/// an append first checks that its descriptor is still the path's file and reopens it if
/// not, so no record goes to a file that nobody reads.
final class HistoryFile {
    let path: String
    /// The descriptor appends go to, opened on the first one and kept.
    private var appender: HistoryFileDescriptor?
    /// Bytes read so far by scans, to show that a query reads only what it needs.
    private(set) var bytesRead = 0

    init(path: String) {
        self.path = path
    }

    /// The file opened for reading; nil if it does not exist yet. Throws if it is not a
    /// regular file or cannot be read.
    func openForReading() throws(HistoryFileError) -> HistoryFileDescriptor? {
        try HistoryFileDescriptor.open(path, flags: O_RDONLY)
    }

    /// Appends `record` as one line and returns the file's length after it. If the file
    /// does not end with a newline (a write cut short by a full disk, a file-size limit or
    /// a killed kernel), one is written first, so the record is not glued to the fragment,
    /// which is then one invalid line that reading skips.
    func append(_ record: [UInt8]) throws(HistoryFileError) -> Int {
        for _ in 0..<3 {
            let file: HistoryFileDescriptor
            if let appender {
                file = appender
            } else {
                // Read and write: the last byte is read to see whether the file ends mid-line.
                guard let opened = try HistoryFileDescriptor.open(path, flags: O_RDWR | O_APPEND | O_CREAT)
                else {
                    throw .system("open", path, ENOENT)
                }
                file = opened
                appender = opened
            }
            // Without the lock (another kernel is slow to rotate, or no locks here) the append
            // still goes ahead: at worst it races one rotation.
            let locked = file.lock(LOCK_SH, wait: HistoryLimits.lockWait)
            defer { if locked { file.unlock() } }
            guard file.isStill(at: path) else {
                appender = nil
                continue
            }
            let size = try file.size(path: path)
            var line = record
            line.append(UInt8(ascii: "\n"))
            if size > 0, try file.read(at: size - 1, count: 1, path: path) != [UInt8(ascii: "\n")] {
                line.insert(UInt8(ascii: "\n"), at: 0)
            }
            try file.writeAll(line, path: path)
            return size + line.count
        }
        throw HistoryFileError(description: "\(path) kept being replaced while appending")
    }

    /// Reads the valid entries of the file's last `HistoryLimits.queryWindowBytes`, newest
    /// first, handing each to `visit` with the number of bytes from its start to the end of
    /// the file, until `visit` returns false. Memory stays at a block and one line: lines
    /// over `HistoryLimits.recordBytes` are skipped as they are met. The first line of a
    /// window that starts inside the file is skipped too, since it may be cut.
    func scanBackwards(_ visit: (HistoryEntry, _ fromTheEnd: Int) -> Bool) throws(HistoryFileError) {
        guard let file = try openForReading() else { return }
        let size = try file.size(path: path)
        let windowStart = max(0, size - HistoryLimits.queryWindowBytes)
        let newline = UInt8(ascii: "\n")
        var position = size
        // The start of the line that `position` cuts, read from the blocks after it.
        var carry: [UInt8] = []
        // True while the line that `position` cuts is too long and being passed over.
        var skipping = false

        func offer(_ line: ArraySlice<UInt8>, startingAt start: Int) -> Bool {
            guard let entry = HistoryEntry(line: line) else { return true }
            return visit(entry, size - start)
        }

        while position > windowStart {
            let blockStart = max(windowStart, position - HistoryLimits.readBlockBytes)
            let block = try file.read(at: blockStart, count: position - blockStart, path: path)
            bytesRead += block.count
            guard block.count == position - blockStart else { return }  // truncated meanwhile
            position = blockStart
            var lineEnd = block.count
            while let lineBreak = block[..<lineEnd].lastIndex(of: newline) {
                let part = block[(lineBreak + 1)..<lineEnd]
                if !skipping, part.count + carry.count <= HistoryLimits.recordBytes {
                    let line = carry.isEmpty ? part : ArraySlice(part + carry)
                    guard offer(line, startingAt: blockStart + lineBreak + 1) else { return }
                }
                skipping = false
                carry = []
                lineEnd = lineBreak
            }
            if !skipping {
                if lineEnd + carry.count > HistoryLimits.recordBytes {
                    skipping = true
                    carry = []
                } else {
                    carry = Array(block[..<lineEnd]) + carry
                }
            }
        }
        if windowStart == 0, !skipping {
            _ = offer(ArraySlice(carry), startingAt: 0)
        }
    }

    /// Rewrites the file with only its newest whole lines within `keeping` bytes, if it is
    /// longer than `threshold`: they go to a temporary file in the same directory, which
    /// is flushed to disk and renamed over the old one, under the exclusive lock so that no
    /// other kernel's append falls between the read and the rename. On any failure the old
    /// file stays as it was and the temporary one is removed. False if there was nothing
    /// to do (another kernel may just have rotated it).
    @discardableResult
    func rotate(above threshold: Int, keeping: Int) throws(HistoryFileError) -> Bool {
        guard let file = try openForReading(), try file.size(path: path) > threshold else { return false }
        guard file.lock(LOCK_EX, wait: HistoryLimits.lockWait) else {
            throw HistoryFileError(
                description:
                    "\(path) could not be locked (another kernel holds it, or the file system has no locks)")
        }
        defer { file.unlock() }
        guard file.isStill(at: path) else { return false }
        let size = try file.size(path: path)
        guard size > threshold else { return false }
        let start = max(0, size - keeping)
        let tail = try file.read(at: start, count: size - start, path: path)
        // Whole lines only: what precedes the first newline ends a line that started
        // earlier, and what follows the last one is a record whose write was cut short.
        let newline = UInt8(ascii: "\n")
        var kept = ArraySlice<UInt8>()
        if let last = tail.lastIndex(of: newline) {
            let first = start == 0 ? -1 : tail.firstIndex(of: newline)!
            kept = tail[(first + 1)..<(last + 1)]
        }
        try replace(with: Array(kept), mode: file.status.st_mode & 0o777)
        return true
    }

    /// Puts `contents` in place of the file (through `AtomicFile`, as every file the project
    /// writes), keeping its mode; a symbolic link stays a link to the file it points at.
    private func replace(with contents: [UInt8], mode: mode_t) throws(HistoryFileError) {
        do {
            try AtomicFile.write(contents, to: path, permissions: mode, followingLinks: true)
        } catch {
            throw HistoryFileError(description: "cannot rewrite \(error.path): \(error.reason)")
        }
    }
}
