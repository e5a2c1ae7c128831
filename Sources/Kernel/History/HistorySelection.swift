/// The entries a `HistoryQuery` selects, gathered from a history read newest first (the
/// file is read backwards from its end), so that a tail of `n` stops after `n` entries and
/// a search for the last `n` stops after `n` matches. The result is oldest first.
struct HistorySelection {
    let query: HistoryQuery
    /// This kernel's session, which session numbers of 0 and below count back from.
    let currentSession: Int
    private var newestFirst: [HistoryEntry] = []
    private var seenInputs: Set<String> = []

    init(_ query: HistoryQuery, currentSession: Int) {
        self.query = query
        self.currentSession = currentSession
    }

    /// Whether more entries could still be selected; false once the query has all it asked for.
    var wantsMore: Bool {
        switch query {
        case .tail(let count): return newestFirst.count < count
        case .range: return true
        case .search(_, let count, _): return count.map { newestFirst.count < $0 } ?? true
        }
    }

    /// Offers the next older entry; returns `wantsMore`.
    mutating func offer(_ entry: HistoryEntry) -> Bool {
        guard wantsMore else { return false }
        switch query {
        case .tail:
            newestFirst.append(entry)
        case .range(let requested, let start, let stop):
            let target = requested > 0 ? requested : currentSession + requested
            if entry.session == target && entry.line >= start && (stop.map { entry.line < $0 } ?? true) {
                newestFirst.append(entry)
            }
        case .search(let pattern, _, let unique):
            // Newest first, so with `unique` each input's latest occurrence is the one kept.
            if GlobPattern.matches(pattern, entry.input)
                && (!unique || seenInputs.insert(entry.input).inserted)
            {
                newestFirst.append(entry)
            }
        }
        return wantsMore
    }

    /// The selected entries, oldest first.
    var entries: [HistoryEntry] { newestFirst.reversed() }
}
