/// A warning that a peer can cause as often as it likes (a message flood, a history file
/// that keeps failing): the first occurrence is logged, later ones at most once per
/// `interval`, saying how many were left unlogged in between, so a flood costs a line
/// every few seconds instead of one per message.
struct ThrottledWarning {
    /// The least time between two logged lines.
    let interval: Duration
    private var lastLogged: ContinuousClock.Instant?
    private var unlogged = 0

    init(interval: Duration) {
        self.interval = interval
    }

    /// The line to log for one more occurrence described by `text`, or nil while throttled.
    mutating func line(_ text: @autoclosure () -> String, at now: ContinuousClock.Instant = .now) -> String? {
        if let lastLogged, now - lastLogged < interval {
            unlogged += 1
            return nil
        }
        let earlier = unlogged
        lastLogged = now
        unlogged = 0
        guard earlier > 0 else { return text() }
        return "\(text()) (and \(earlier) more since the last such warning)"
    }

    /// Logs one more occurrence on stderr, unless throttled.
    mutating func warn(_ text: @autoclosure () -> String) {
        if let line = line(text()) { KernelLog.warning(line) }
    }
}
