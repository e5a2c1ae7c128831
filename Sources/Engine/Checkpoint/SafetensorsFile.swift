import FileWriting
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
    ///
    /// Written with write(2) rather than `Data.write` (through the project's one atomic writer),
    /// so a failure reports its errno: under a file-size limit (with SIGXFSZ ignored, as the
    /// kernel and `backprop run` do) a large checkpoint fails with EFBIG, which the message
    /// names, and leaves no temporary file. The directory must exist.
    static func write(
        _ checkpoint: Checkpoint, to url: URL, beforeRename: () throws -> Void
    ) throws(CheckpointError) {
        let bytes = try SafetensorsFormat.encode(checkpoint)
        do {
            try AtomicFile.write(bytes, to: url.path, beforeRename: beforeRename)
        } catch {
            throw .writeFailed(path: url.path, reason: error.reason)
        }
    }
}
