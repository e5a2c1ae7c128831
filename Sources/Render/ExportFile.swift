import FileWriting

/// Writes an export's text through the project's one atomic writer, making missing
/// directories, and words a failure as the other export errors are.
func writeExport(_ text: String, to path: String) throws(RenderError) {
    do {
        try AtomicFile.write(Array(text.utf8), to: path, creatingDirectories: true)
    } catch {
        throw .fileWrite(path: path, reason: error.reason)
    }
}
