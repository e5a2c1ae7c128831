import Synchronization

/// Remembers recent signatures so a message sent twice is dropped the second time.
///
/// Bounded like jupyter_client's `digest_history`: past `capacity` the oldest
/// signatures are forgotten. Shared by the shell and control threads.
public final class ReplayGuard: Sendable {
    private struct State {
        var seen: Set<[UInt8]> = []
        var order: [[UInt8]] = []
        var oldest = 0
    }

    private let state = Mutex(State())
    /// How many signatures are remembered at most.
    public let capacity: Int

    public init(capacity: Int = 1 << 16) {
        precondition(capacity > 0, "a replay guard must remember at least one signature")
        self.capacity = capacity
    }

    /// Records `signature`; false if it was already seen (a replay).
    public func admit(_ signature: [UInt8]) -> Bool {
        state.withLock { state in
            guard !state.seen.contains(signature) else { return false }
            state.seen.insert(signature)
            if state.order.count < capacity {
                state.order.append(signature)
            } else {
                // A ring: overwrite the oldest entry and forget it.
                state.seen.remove(state.order[state.oldest])
                state.order[state.oldest] = signature
                state.oldest = (state.oldest + 1) % capacity
            }
            return true
        }
    }

    /// How many signatures are remembered now.
    public var count: Int { state.withLock { $0.seen.count } }
}
