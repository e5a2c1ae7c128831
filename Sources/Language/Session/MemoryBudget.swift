import Foundation

/// The most memory a session may hold, in bytes, checked before every statement that allocates
/// (`data`, `net`, `optim`, `train`, `step` and the other passes over data): a statement whose
/// estimated need does not fit beside what the session holds fails as a ValueError, changing
/// nothing. `memory N GB` sets it; the default is half the machine's memory (or of the
/// process's cgroup limit, when that is lower).
public struct MemoryBudget: Sendable, Equatable {
    /// The limit in bytes.
    public var limit: Int
    /// Whether it is the default rather than set by `memory`.
    public var isDefault: Bool

    /// The share of the machine's memory a session may use by default.
    public static let defaultFraction = 0.5

    /// Half the machine's memory.
    public static let standard = MemoryBudget(
        limit: Int(Double(availableMemory) * defaultFraction), isDefault: true)

    /// Physical memory (sysconf), or the cgroup v2 memory limit when it is lower.
    public static let availableMemory: Int = {
        let physical = sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE))
        let cgroup =
            (try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return min(physical > 0 ? physical : 8_000_000_000, cgroup ?? .max)
    }()

    /// Decimal units, as `memory` reads and writes them.
    static let units: [(name: String, bytes: Int)] = [
        ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000), ("B", 1),
    ]

    /// Bytes as a person reads them: `512 B`, `3.2 KB`, `2.2 TB`.
    static func format(_ bytes: Int) -> String {
        if bytes == .max { return "more than 9 EB" }
        guard let unit = units.first(where: { bytes >= $0.bytes }), unit.bytes > 1 else {
            return "\(bytes) B"
        }
        let value = Double(bytes) / Double(unit.bytes)
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return "\(text) \(unit.name)"
    }
}

/// Bytes a statement will allocate, estimated before it does, with what they are for.
struct MemoryNeed {
    /// Each part with its bytes, such as ("inputs and targets: 524288 examples × 1048576 values × 8 bytes", …).
    var parts: [(what: String, bytes: Int)]
    /// How to ask for less, such as "fewer examples (n=)".
    var smaller: String

    init(_ parts: [(what: String, bytes: Int)], smaller: String) {
        self.parts = parts.filter { $0.bytes > 0 }
        self.smaller = smaller
    }

    var bytes: Int { parts.reduce(0) { $0.addingSaturated($1.bytes) } }
}

extension Int {
    /// The sum, or `Int.max` when it would overflow.
    func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    /// The product, or `Int.max` when it would overflow (both factors are counts, never negative).
    func multipliedSaturated(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
