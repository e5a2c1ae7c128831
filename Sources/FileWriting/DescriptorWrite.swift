#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes all of `bytes` to `descriptor`, resuming after partial writes and interrupted
/// calls. Returns nil once everything is written, else the errno of the write that failed
/// (EIO when a write wrote nothing without saying why). The kernel's log and history, exports
/// and checkpoints all write through it.
public func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
    var written = 0
    while written < bytes.count {
        let wrote = bytes.withUnsafeBytes { buffer in
            write(descriptor, buffer.baseAddress! + written, bytes.count - written)
        }
        if wrote > 0 {
            written += wrote
        } else if wrote < 0 && errno == EINTR {
            continue
        } else {
            return wrote < 0 ? errno : EIO
        }
    }
    return nil
}
