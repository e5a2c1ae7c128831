/// The one checked conversion of a cell's numbers to `Int`.
///
/// A cell's numbers are Doubles, and `Int(x)` traps on `1e19`, `1e300` and `inf` (which `1e400`
/// lexes to): every count, width, seed and index a user writes goes through here instead, so an
/// out-of-range number is an error that names the range, never a crash.
enum WholeNumber {
    /// `value` as an `Int` if it is a whole number inside `range`; nil for fractions, infinities,
    /// NaN and numbers outside the range (or outside what an `Int` holds).
    static func exact(_ value: Double, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard let integer = Int(exactly: value), range.contains(integer) else { return nil }
        return integer
    }

    /// Whether `value` is a whole number, whatever its size: `1e19` is, `2.5` and `inf` are not.
    static func isWhole(_ value: Double) -> Bool {
        value.isFinite && value == value.rounded()
    }

    /// The range as a message says it to a value that fell outside: "from 1 to 17"; a range
    /// without an upper bound names it only to a value above it ("from 0", or "from 0 to
    /// 9223372036854775807" to `1e19`).
    static func describe(_ range: ClosedRange<Int>, missedBy value: Double) -> String {
        if range.upperBound == Int.max, value < Double(range.lowerBound) { return "from \(range.lowerBound)" }
        return "from \(range.lowerBound) to \(range.upperBound)"
    }
}
