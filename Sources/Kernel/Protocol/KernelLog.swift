import FileWriting
import Glibc

/// Diagnostics on stderr: a kernel's stdout is seen by nobody, its stderr by the
/// terminal that started Jupyter.
public enum KernelLog {
    /// Writes one line to stderr. Failures are ignored: a closed stderr must not stop the
    /// kernel (FileHandle would trap on one).
    public static func warning(_ text: String) {
        _ = writeAll(Array("[backprop] \(text)\n".utf8), to: STDERR_FILENO)
    }
}
