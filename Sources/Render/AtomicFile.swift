import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that readers see either the old file or the complete new one, never half.
public enum AtomicFile {
    /// Writes `text` (UTF-8) to `path`: to a temporary file in the same directory, flushed to
    /// disk, then renamed over `path`. Missing parent directories are created. On failure the
    /// temporary file is removed and any previous file at `path` is untouched.
    public static func write(_ text: String, to path: String) throws(RenderError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileWrite(
                path: path, reason: "cannot create its directory (\(error.localizedDescription))")
        }
        // Same directory, so rename(2) stays on one file system and is atomic.
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        ).path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fileWrite(path: path, reason: reason(errno)) }
        func fail(_ code: Int32) -> RenderError {
            close(descriptor)
            unlink(temporary)
            return .fileWrite(path: path, reason: reason(code))
        }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw fail(errno)
            }
            written += result
        }
        bytes.removeAll()
        guard fsync(descriptor) == 0 else { throw fail(errno) }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw .fileWrite(path: path, reason: reason(code))
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .fileWrite(path: path, reason: reason(code))
        }
    }

    /// Why a write failed, in words: the limits a user can meet by name, the rest as strerror
    /// says. Under a file-size limit write(2) fails with EFBIG once SIGXFSZ is ignored (as the
    /// kernel and `backprop run` do); otherwise the signal ends the process.
    private static func reason(_ code: Int32) -> String {
        switch code {
        // Its directory exists (it was just created if missing), yet refuses new files: /proc, /sys.
        case ENOENT: return "no file can be created in its directory"
        case EFBIG: return "it would pass this process's file-size limit (ulimit -f)"
        case ENOSPC: return "no space is left on the device"
        case EDQUOT: return "the disk quota is used up"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case EISDIR: return "it is a directory"
        default: return String(cString: strerror(code))
        }
    }
}

/// write(2); named apart because `AtomicFile.write` hides the C function inside the type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
