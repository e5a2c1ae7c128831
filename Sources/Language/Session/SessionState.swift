import Engine
import Render

/// Number type of new tensors.
public enum NumberType: String, Sendable, CaseIterable {
    case f32
    case f64

    var dtype: DType { self == .f32 ? .float32 : .float64 }
}

/// Everything a session remembers between statements. A statement works on a copy and
/// the session keeps it only if the statement succeeds; networks are objects, so their
/// parameters are snapshotted and restored separately (see `ParameterSnapshot`).
public struct SessionState {
    /// The seed given last (`seed N`), or the default.
    public var seed: UInt64 = SessionState.defaultSeed
    /// The session's generator; data sets, initial weights and shuffling draw from it.
    public var random = RandomSource(seed: SessionState.defaultSeed)
    public var numberType: NumberType = .f32
    /// Significant digits shown in values and tables.
    public var digits = 4
    /// How `train` shows its progress (`progress display|stream|off`).
    public var progressStyle: ProgressStyle = .display
    /// The most memory the session may hold (`memory N GB`).
    public var memoryBudget = MemoryBudget.standard
    /// Nets by name, and the order they were made in.
    public internal(set) var nets: [String: NetRecord] = [:]
    public internal(set) var netOrder: [String] = []
    /// Data sets by name, and the order they were made in.
    public internal(set) var datasets: [String: DataRecord] = [:]
    public internal(set) var dataOrder: [String] = []
    /// The net and data set commands use when none is named.
    public internal(set) var currentNet: String?
    public internal(set) var currentData: String?
    /// What `lrfind`, `plot landscape` and `plot hist` showed last, by command, so `export lrfind`,
    /// `export landscape` and `export hist` write the numbers that were seen without running them again.
    var lastResults: [String: ShownResult] = [:]

    public static let defaultSeed: UInt64 = 0

    public init() {}

    /// Names the session knows (nets, data sets), for completion and suggestions.
    var knownNames: [String] { netOrder + dataOrder.filter { nets[$0] == nil } }

    var formatter: ValueFormatter { ValueFormatter(digits: digits) }

    mutating func store(net record: NetRecord) {
        if nets[record.name] == nil { netOrder.append(record.name) }
        nets[record.name] = record
        currentNet = record.name
    }

    mutating func store(data record: DataRecord) {
        if datasets[record.name] == nil { dataOrder.append(record.name) }
        datasets[record.name] = record
        currentData = record.name
    }
}

/// A diagnostic's output as shown and its numbers as a table, for `export`.
struct ShownResult {
    /// What the notebook showed: written to .txt and .md.
    var rendering: Rendering
    /// Every number behind it: written to .tsv, .csv and .json.
    var table: Table
}
