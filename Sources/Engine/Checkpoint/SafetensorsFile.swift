import Foundation

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
    static func write(
        _ checkpoint: Checkpoint, to url: URL, beforeRename: () throws -> Void
    ) throws(CheckpointError) {
        let bytes = try SafetensorsFormat.encode(checkpoint)
        let directory = url.deletingLastPathComponent()
        // Process id and a random tag keep concurrent writers from sharing a temporary file.
        let tag = "\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max))"
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(tag).tmp")
        do {
            try Data(bytes).write(to: temporary, options: .withoutOverwriting)
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.synchronize()
            try beforeRename()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: reason(error, directory: directory))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let failure = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: url.path, reason: failure)
        }
    }

    private static func reason(_ error: any Error, directory: URL) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory)
            || !isDirectory.boolValue
        {
            return "directory '\(directory.path)' does not exist"
        }
        return (error as? CheckpointError)?.description ?? error.localizedDescription
    }
}
