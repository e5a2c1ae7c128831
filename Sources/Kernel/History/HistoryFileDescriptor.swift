import FileWriting
import Glibc

/// Why the history file is not used, or why reading or writing it failed.
struct HistoryFileError: Error, CustomStringConvertible {
    let description: String
    /// True when the path holds something that must not be used as the history file.
    var isNotRegularFile = false

    /// A system call on `path` failed with `code`.
    static func system(_ call: String, _ path: String, _ code: Int32 = errno) -> HistoryFileError {
        HistoryFileError(description: "\(call) \(path): \(String(cString: strerror(code)))")
    }

    /// `path` is something other than a regular file, which could block or never end when read.
    static func notRegular(_ path: String, mode: mode_t) -> HistoryFileError {
        let kind: String
        switch mode & mode_t(S_IFMT) {
        case mode_t(S_IFIFO): kind = "a named pipe"
        case mode_t(S_IFCHR): kind = "a character device"
        case mode_t(S_IFBLK): kind = "a block device"
        case mode_t(S_IFDIR): kind = "a directory"
        case mode_t(S_IFSOCK): kind = "a socket"
        default: kind = "not a regular file"
        }
        return HistoryFileError(description: "\(path) is \(kind), not a regular file", isNotRegularFile: true)
    }
}

/// An open descriptor of the history file, known to be a regular file; closed (and so
/// unlocked) when released.
///
/// Every open passes O_NONBLOCK and checks the file with fstat before reading a byte: a
/// named pipe would block the open (and so start-up) forever, and a device such as
/// /dev/urandom would never end. A symbolic link to a regular file is fine.
final class HistoryFileDescriptor {
    let descriptor: Int32
    /// The file's status when it was opened (device and inode identify it).
    let status: stat

    private init(descriptor: Int32, status: stat) {
        self.descriptor = descriptor
        self.status = status
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Opens `path` with `flags` (O_NONBLOCK and O_CLOEXEC added); nil if it does not
    /// exist and `flags` do not create it. Throws if it cannot be opened or is not a regular file.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(HistoryFileError)
        -> HistoryFileDescriptor?
    {
        let descriptor = Glibc.open(path, flags | O_NONBLOCK | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            if errno == ENOENT && flags & O_CREAT == 0 { return nil }
            throw .system("open", path)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw .system("fstat", path, code)
        }
        guard status.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            Glibc.close(descriptor)
            throw .notRegular(path, mode: status.st_mode)
        }
        return HistoryFileDescriptor(descriptor: descriptor, status: status)
    }

    /// The file's length now (other kernels may have appended since it was opened).
    func size(path: String) throws(HistoryFileError) -> Int {
        var now = stat()
        guard fstat(descriptor, &now) == 0 else { throw .system("fstat", path) }
        return Int(now.st_size)
    }

    /// Whether `path` still names this file: a rotation renames a new file over it, after
    /// which this descriptor holds the old one, which nobody reads again.
    func isStill(at path: String) -> Bool {
        var current = stat()
        return stat(path, &current) == 0 && current.st_dev == status.st_dev && current.st_ino == status.st_ino
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(at offset: Int, count: Int, path: String) throws(HistoryFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset + filled))
            }
            if got > 0 {
                filled += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                throw .system("read", path)
            }
        }
        bytes.removeLast(count - filled)
        return bytes
    }

    /// Writes all of `bytes` (at the end, for a descriptor opened with O_APPEND). A write
    /// past the file-size limit fails with EFBIG, SIGXFSZ being ignored by the kernel.
    func writeAll(_ bytes: [UInt8], path: String) throws(HistoryFileError) {
        if let code = FileWriting.writeAll(bytes, to: descriptor) { throw .system("write", path, code) }
    }

    /// Takes the advisory lock `operation` (LOCK_SH or LOCK_EX), waiting at most `wait`;
    /// false if it is still held by another kernel then, or the file system has no locks.
    func lock(_ operation: Int32, wait: Duration) -> Bool {
        let deadline = ContinuousClock.now + wait
        while true {
            if flock(descriptor, operation | LOCK_NB) == 0 { return true }
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else { return false }
            usleep(1000)
        }
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
    }
}
