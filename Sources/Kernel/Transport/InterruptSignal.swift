import Dispatch
import Glibc

/// Turns SIGINT into a raised cancellation flag, so Ctrl-C (or `kill -INT`) stops a
/// running cell the same way an `interrupt_request` does, and never kills the kernel.
final class InterruptSignal {
    private let source: any DispatchSourceSignal

    /// Starts listening; the handler runs on a dispatch queue and only raises the flag.
    init(raising flag: CancellationFlag) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { flag.raise() }
        source.resume()
    }

    deinit {
        source.cancel()
    }
}
