import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an atomic write failed: the file, the errno of the call that failed (0 when the
/// failure came from the caller's `beforeRename` step), and its reason in words.
public struct AtomicWriteFailure: Error, Sendable, Equatable {
    public let path: String
    public let code: Int32
    /// The limits a user can meet by name (a file-size limit, a full disk, a read-only file
    /// system), a missing directory by its path, the rest as strerror says.
    public let reason: String
}

/// Writes files so that readers see either the old file or the complete new one, never half:
/// to a temporary file in the same directory (so rename(2) stays on one file system and is
/// atomic), flushed to disk, then renamed over the target. On failure the temporary file is
/// removed and any previous file is untouched. Exports, checkpoints and the kernel's history
/// file all write through it.
public enum AtomicFile {
    /// Writes `bytes` to `path`. With `creatingDirectories`, missing parent directories are
    /// made first. `permissions` gives the new file exactly that mode (the history file keeps
    /// its own); without it a new file is 0644 less the umask. With `followingLinks`, a `path`
    /// that is a symbolic link has the file it points at replaced, so the link stays a link.
    /// `beforeRename` runs just before the rename (tests fail a write there). The rename is
    /// flushed to disk with its directory.
    public static func write(
        _ bytes: [UInt8], to path: String, creatingDirectories: Bool = false, permissions: mode_t? = nil,
        followingLinks: Bool = false, beforeRename: () throws -> Void = {}
    ) throws(AtomicWriteFailure) {
        let path = followingLinks ? resolvedPath(path) : path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        if creatingDirectories {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw AtomicWriteFailure(
                    path: path, code: 0, reason: "cannot create its directory (\(error.localizedDescription))"
                )
            }
        }
        // Process id and a random tag keep concurrent writers from sharing a temporary file.
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        ).path
        func failure(_ code: Int32) -> AtomicWriteFailure {
            AtomicWriteFailure(path: path, code: code, reason: reason(code, directory: directory))
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(errno) }
        func abandon(_ code: Int32) -> AtomicWriteFailure {
            close(descriptor)
            unlink(temporary)
            return failure(code)
        }
        if let code = writeAll(bytes, to: descriptor) { throw abandon(code) }
        if let permissions, fchmod(descriptor, permissions) != 0 { throw abandon(errno) }
        guard fsync(descriptor) == 0 else { throw abandon(errno) }
        do {
            try beforeRename()
        } catch {
            close(descriptor)
            unlink(temporary)
            throw AtomicWriteFailure(path: path, code: 0, reason: "\(error)")
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(code)
        }
        // The rename itself is on disk once its directory is.
        let directoryDescriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The path with symbolic links resolved, or as given if that fails (a file not yet made).
    static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Why a write failed, in words. Under a file-size limit write(2) fails with EFBIG once
    /// SIGXFSZ is ignored (as the kernel and `backprop run` do); otherwise the signal ends the
    /// process.
    static func reason(_ code: Int32, directory: URL) -> String {
        switch code {
        case ENOENT, ENOTDIR:
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory)
            // A directory that exists yet refuses new files: /proc, /sys.
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
