import Render

/// The two text streams a cell writes to.
public enum OutputStreamName: String, Sendable {
    case stdout
    case stderr
}

/// Where a running cell sends what it shows, while it runs.
/// The kernel bridge maps these onto `stream`, `display_data`, `update_display_data` and `clear_output`.
public protocol SessionOutput {
    /// Text on stdout or stderr.
    func write(_ text: String, to stream: OutputStreamName)
    /// A display; with a `displayID`, later `update` calls replace it in place.
    func show(_ rendering: Rendering, displayID: String?)
    /// Replaces a display shown earlier with `displayID`.
    func update(_ rendering: Rendering, displayID: String)
    /// Clears the cell's outputs (after the next output, if `wait`).
    func clear(wait: Bool)
}
