import Glibc

/// Diagnostics on stderr: a kernel's stdout is seen by nobody, its stderr by the
/// terminal that started Jupyter.
public enum KernelLog {
    /// Writes one line to stderr. Failures are ignored: a closed stderr must not stop the
    /// kernel (FileHandle would trap on one).
    public static func warning(_ text: String) {
        let bytes = Array("[backprop] \(text)\n".utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
