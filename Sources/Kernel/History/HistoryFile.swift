import Glibc

/// The history file on disk: JSON lines, appended to by every kernel of the user (one
/// write(2) per record on an O_APPEND descriptor keeps them whole), and read backwards
/// from the end in bounded blocks. Used from one thread.
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
        let file: HistoryFileDescriptor
        if let appender {
            file = appender
        } else {
            // Read and write: the last byte is read to see whether the file ends mid-line.
            guard let opened = try HistoryFileDescriptor.open(path, flags: O_RDWR | O_APPEND | O_CREAT) else {
                throw .system("open", path, ENOENT)
            }
            file = opened
            appender = opened
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
}
