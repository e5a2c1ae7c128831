import FileWriting
import Foundation

extension TorchExport {
    /// Writes the folder at `path` whole or not at all: the files go to a new folder beside it,
    /// which then takes its place. An existing folder is replaced only when it holds nothing but
    /// an earlier export's files; on any failure it is left as it was.
    public func write(to path: String) throws(TorchExportError) {
        try write(to: path, beforeMove: {})
    }

    /// `write`, with a step run once the files are written, just before the folder moves into
    /// place, so tests can make it fail there.
    func write(to path: String, beforeMove: () throws -> Void) throws(TorchExportError) {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            // Named as the user wrote it: shorter, and the same on every machine.
            let written = (path as NSString).deletingLastPathComponent
            throw .missingParent(path: written.isEmpty ? "." : written)
        }
        let exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else { throw .notADirectory(path: path) }
            let present = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
            let allowed = Set(Self.fileNames + ["__pycache__"] + Self.fileNames.map { $0 + ".partial" })
            let foreign = present.filter { !allowed.contains($0) }.sorted()
            guard foreign.isEmpty else { throw .foreignFiles(path: path, files: foreign) }
        }
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(suffix)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(suffix)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
        do {
            for file in files {
                // Through the project's one writer: flushed, and a failure names its errno.
                do {
                    try AtomicFile.write(file.bytes, to: staging.appendingPathComponent(file.name).path)
                } catch {
                    throw TorchExportError.writeFailed(path: "\(path)/\(file.name)", reason: error.reason)
                }
            }
            try beforeMove()
            if exists { try Self.move(target, to: previous, path: path) }
            do {
                try Self.move(staging, to: target, path: path)
            } catch {
                if exists { try? Self.move(previous, to: target, path: path) }
                throw error
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error as? TorchExportError ?? .writeFailed(path: path, reason: error.localizedDescription)
        }
        if exists { try? manager.removeItem(at: previous) }
    }

    private static func move(_ source: URL, to destination: URL, path: String) throws(TorchExportError) {
        guard rename(source.path, destination.path) == 0 else {
            throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
