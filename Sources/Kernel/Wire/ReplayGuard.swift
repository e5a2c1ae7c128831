import Synchronization

/// Remembers recent signatures so a message sent twice is dropped the second time.
///
/// Bounded like jupyter_client's `digest_history`: past `capacity` the oldest are
/// forgotten. Each signature is kept as a 64-bit fingerprint from this process's randomly
/// seeded hasher (a false "replay" has odds of about capacity / 2^64), so a full guard
/// costs about a megabyte rather than a heap array per message. Shared by the shell and
/// control threads.
public final class ReplayGuard: Sendable {
    private struct State {
        var seen: Set<Int> = []
        var order: [Int] = []
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
        var hasher = Hasher()
        hasher.combine(signature)
        let fingerprint = hasher.finalize()
        return state.withLock { state in
            guard state.seen.insert(fingerprint).inserted else { return false }
            if state.order.count < capacity {
                state.order.append(fingerprint)
            } else {
                // A ring: overwrite the oldest entry and forget it.
                state.seen.remove(state.order[state.oldest])
                state.order[state.oldest] = fingerprint
                state.oldest = (state.oldest + 1) % capacity
            }
            return true
        }
    }

    /// How many signatures are remembered now.
    public var count: Int { state.withLock { $0.seen.count } }
}
