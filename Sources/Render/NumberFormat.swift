import Foundation

/// Turns numbers into short, aligned text with a given number of significant digits.
///
/// A column is formatted as a whole so that its numbers share one precision and one
/// notation: integers stay integers, fixed notation is used while the magnitudes allow
/// it, and scientific notation takes over for very large or very small magnitudes
/// (integers below 10^15 always print in full).
/// `-0` prints as `0`, NaN as `nan` and infinities as `inf` and `-inf`.
public struct NumberFormat: Sendable, Equatable {
    /// Significant digits shown (the `digits N` statement), between 1 and 17.
    public var significantDigits: Int

    /// Magnitudes at or above `10^significantDigits`, or nonzero magnitudes below this,
    /// switch a column to scientific notation.
    public static let smallestFixedMagnitude = 1e-4

    /// A format showing `significantDigits` significant digits (clamped to 1...17).
    public init(significantDigits: Int = 6) {
        self.significantDigits = min(max(significantDigits, 1), 17)
    }

    /// One number on its own.
    public func string(_ value: Double) -> String {
        strings([value])[0]
    }

    /// A column of numbers sharing one notation and precision, in the same order.
    public func strings(_ column: [Double]) -> [String] {
        let finite = column.filter { $0.isFinite }
        let notation = notation(for: finite)
        return column.map { value in
            guard value.isFinite else { return Self.special(value) }
            return Self.withoutNegativeZero(notation.apply(to: value))
        }
    }

    /// How a column is written; decided once per column.
    enum Notation: Equatable {
        case integer
        case fixed(decimals: Int)
        case scientific(decimals: Int)

        func apply(to value: Double) -> String {
            switch self {
            case .integer:
                return String(format: "%.0f", value)
            case .fixed(let decimals):
                return String(format: "%.\(decimals)f", value)
            case .scientific(let decimals):
                return String(format: "%.\(decimals)e", value)
            }
        }
    }

    func notation(for finite: [Double]) -> Notation {
        let magnitudes = finite.map { abs($0) }
        let largest = magnitudes.max() ?? 0
        let smallestNonzero = magnitudes.filter { $0 > 0 }.min() ?? 0
        // Integers (counts, indices, sizes) are exact and shown in full while they fit a Double exactly.
        if finite.allSatisfy({ $0 == $0.rounded() }) && largest < 1e15 {
            return .integer
        }
        let limit = pow(10, Double(significantDigits))
        if largest >= limit || (smallestNonzero > 0 && smallestNonzero < Self.smallestFixedMagnitude) {
            return .scientific(decimals: trimmedDecimals(significantDigits - 1, finite, scientific: true))
        }
        // The largest magnitude fixes how many digits sit before the point; the rest of
        // the significant digits go after it, for every number in the column.
        // (Negative for magnitudes below 0.1: 0.002 has two zeros after the point.)
        let leadingDigits = largest > 0 ? Int(floor(log10(largest))) + 1 : 0
        let decimals = max(significantDigits - leadingDigits, 0)
        let trimmed = trimmedDecimals(decimals, finite, scientific: false)
        return .fixed(decimals: trimmed)
    }

    /// Drops trailing decimals that are zero in every number of the column
    /// (0.500000 and 0.250000 become 0.50 and 0.25), so precision stays consistent and short.
    private func trimmedDecimals(_ decimals: Int, _ finite: [Double], scientific: Bool) -> Int {
        var count = decimals
        while count > 0 {
            let notation: Notation = scientific ? .scientific(decimals: count) : .fixed(decimals: count)
            let allEndInZero = finite.allSatisfy { value in
                let text = notation.apply(to: value)
                let mantissa = scientific ? text.prefix { $0 != "e" } : Substring(text)
                return mantissa.last == "0"
            }
            if !allEndInZero { break }
            count -= 1
        }
        return count
    }

    static func special(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        return value < 0 ? "-inf" : "inf"
    }

    /// `-0.000` is a rounding artefact, not information; show it as `0.000`.
    static func withoutNegativeZero(_ text: String) -> String {
        guard text.hasPrefix("-") else { return text }
        let mantissa = text.dropFirst().prefix { $0 != "e" }
        if mantissa.allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }
}
