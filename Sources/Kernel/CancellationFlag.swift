import Synchronization

/// One flag that an interrupt sets and long-running work polls.
///
/// The control thread and the SIGINT handler set it; the shell thread reads it
/// while a cell runs and clears it before the next cell starts.
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Whether an interrupt has arrived since the last `reset()`.
    public var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// Asks the running work to stop.
    public func raise() { raised.store(true, ordering: .releasing) }

    /// Clears the flag before new work starts.
    public func reset() { raised.store(false, ordering: .releasing) }
}
