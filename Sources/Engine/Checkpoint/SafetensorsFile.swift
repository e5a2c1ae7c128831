import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing safetensors files on disk.
public enum SafetensorsFile {
    /// The checkpoint in the file at `url`, validated (see `SafetensorsFormat.decode`).
    public static func read(from url: URL) throws(CheckpointError) -> Checkpoint {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw .fileUnreadable(
                path: url.path, reason: exists ? error.localizedDescription : "no such file")
        }
        return try SafetensorsFormat.decode([UInt8](data))
    }

    /// Writes `checkpoint` to `url` atomically: the bytes go to a temporary file in the
    /// same directory, which is flushed and then renamed over `url`. If anything fails,
    /// the temporary file is removed and whatever was at `url` is left as it was.
    public static func write(_ checkpoint: Checkpoint, to url: URL) throws(CheckpointError) {
        try write(checkpoint, to: url, beforeRename: {})
    }

    /// `write`, with a step run just before the rename so tests can make it fail there.
    ///
    /// Written with write(2) rather than `Data.write`, so a failure reports its errno: under a
    /// file-size limit (with SIGXFSZ ignored, as the kernel and `backprop run` do) a large
    /// checkpoint fails with EFBIG, which the message names, and leaves no temporary file.
    static func write(
        _ checkpoint: Checkpoint, to url: URL, beforeRename: () throws -> Void
    ) throws(CheckpointError) {
        let bytes = try SafetensorsFormat.encode(checkpoint)
        let directory = url.deletingLastPathComponent()
        // Process id and a random tag keep concurrent writers from sharing a temporary file.
        let tag = "\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max))"
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(tag).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .writeFailed(path: url.path, reason: reason(errno, directory: directory))
        }
        func fail(_ code: Int32) -> CheckpointError {
            close(descriptor)
            unlink(temporary)
            return .writeFailed(path: url.path, reason: reason(code, directory: directory))
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw fail(errno)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw fail(errno) }
        do {
            try beforeRename()
        } catch {
            close(descriptor)
            unlink(temporary)
            throw .writeFailed(path: url.path, reason: "\(error)")
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw .writeFailed(path: url.path, reason: reason(code, directory: directory))
        }
        guard rename(temporary, url.path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .writeFailed(path: url.path, reason: reason(code, directory: directory))
        }
    }

    /// Why a write failed, in words: the limits a user can meet by name, the rest as strerror says.
    private static func reason(_ code: Int32, directory: URL) -> String {
        switch code {
        case ENOENT, ENOTDIR:
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory)
            return exists && isDirectory.boolValue
                ? "no file can be created in directory '\(directory.path)'"
                : "directory '\(directory.path)' does not exist"
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

/// write(2); named apart because `SafetensorsFile.write` hides the C function inside the type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
