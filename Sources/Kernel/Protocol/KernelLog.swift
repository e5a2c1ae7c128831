import Foundation

/// Diagnostics on stderr: a kernel's stdout is seen by nobody, its stderr by the
/// terminal that started Jupyter.
public enum KernelLog {
    /// Writes one line to stderr.
    public static func warning(_ text: String) {
        FileHandle.standardError.write(Data("[backprop] \(text)\n".utf8))
    }
}
