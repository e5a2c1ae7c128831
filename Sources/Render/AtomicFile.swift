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
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw .fileWrite(path: path, reason: lastError()) }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = lastError()
                close(descriptor)
                unlink(temporary)
                throw .fileWrite(path: path, reason: reason)
            }
            written += result
        }
        bytes.removeAll()
        let synced = fsync(descriptor) == 0
        let reason = synced ? "" : lastError()
        if close(descriptor) != 0 || !synced {
            let reason = synced ? lastError() : reason
            unlink(temporary)
            throw .fileWrite(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw .fileWrite(path: path, reason: reason)
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// write(2); named apart because `AtomicFile.write` hides the C function inside the type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
