extension Rendering {
    /// The MIME bundle of a `display_data` or `execute_result`: text/plain always,
    /// text/html and text/markdown when the output has them.
    public var mimeData: [String: String] {
        var data = ["text/plain": plain]
        if let html { data["text/html"] = html }
        if let markdown { data["text/markdown"] = markdown }
        return data
    }
}
