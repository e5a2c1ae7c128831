import Engine

/// Number type of new tensors.
public enum NumberType: String, Sendable, CaseIterable {
    case f32
    case f64
}

/// Everything a session remembers between statements. A value: a statement works on a
/// copy and the session keeps it only if the statement succeeds.
public struct SessionState: Sendable {
    /// The seed given last (`seed N`), or the default.
    public var seed: UInt64 = SessionState.defaultSeed
    /// The session's generator; data sets, initial weights and shuffling draw from it.
    public var random = RandomSource(seed: SessionState.defaultSeed)
    public var numberType: NumberType = .f32
    /// Significant digits shown in values and tables.
    public var digits = 4

    public static let defaultSeed: UInt64 = 0

    public init() {}

    /// Names the session knows (nets, data sets), for completion and suggestions.
    var knownNames: [String] { [] }

    var formatter: ValueFormatter { ValueFormatter(digits: digits) }
}
