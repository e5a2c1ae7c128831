/// Finds the valid name nearest to a misspelt one, by edit distance.
///
/// The search is bounded: a cell may hold a word of megabytes, and a plain search over it
/// (a table of its length times each candidate's) took 18 s and 1.4 GB for a 3 MB word, deaf to
/// interrupts. Long words get no suggestion, candidates too different in length are skipped
/// unmeasured, and at most `maximumCandidates` are measured.
enum NameSuggester {
    /// Longer words are not typos of a command or a name: no suggestion is searched for.
    static let maximumWordLength = 64
    /// At most this many candidates are compared, so a session of huge nets answers at once.
    static let maximumCandidates = 10_000

    /// The closest candidate, if it is close enough to be a plausible typo.
    static func nearest(to name: String, among candidates: [String]) -> String? {
        let word = Array(name.lowercased().unicodeScalars)
        guard word.count <= maximumWordLength else { return nil }
        // No suggestion is ever further than this, so a candidate whose length alone (a lower
        // bound of the distance) says it is further can neither win nor hide a closer one.
        let mostAllowed = max(1, name.count / 3)
        var best: (name: String, distance: Int)?
        var measured = 0
        for candidate in candidates where measured < maximumCandidates {
            let other = Array(candidate.lowercased().unicodeScalars)
            let lengthGap = abs(word.count - other.count)
            guard lengthGap <= mostAllowed, lengthGap < (best?.distance ?? Int.max) else { continue }
            measured += 1
            let distance = editDistance(word, other)
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        // A third of the length, at least one edit: "prnt" → "print", not "x" → "xor".
        let allowed = max(1, min(name.count, best.name.count) / 3)
        return best.distance <= allowed ? best.name : nil
    }

    /// Damerau-Levenshtein distance (optimal string alignment), so swapped letters count once.
    static func editDistance(_ a: String, _ b: String) -> Int {
        editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    /// The same on scalars, keeping three rows of the table rather than all of it.
    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
