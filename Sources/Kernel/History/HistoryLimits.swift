/// The bounds that keep the history file cheap however long it has been used: start-up
/// and each `history_request` read a bounded part of its end. The README's "Kernel limits"
/// states them.
enum HistoryLimits {
    /// Start-up looks for the latest session in this much of the file's end, and further
    /// back only when that part holds no valid record.
    static let startupTailBytes = 64 << 10

    /// The longest record line. A cell whose record is longer is run but not saved (nor
    /// kept in memory): reading never holds more than one such line.
    static let recordBytes = 1 << 20

    /// The most of the file's end that a query reads, however long the file.
    static let queryWindowBytes = 5 << 20

    /// The file is read backwards in blocks of this size.
    static let readBlockBytes = 64 << 10

    /// The session and line numbers a valid record has. A record outside them (a session
    /// of 999999999999999) is ignored: it would make the next session number overflow, or
    /// leave later ones out of range and so unreadable.
    static let numbers: ClosedRange<Int> = 1...1_000_000_000
}
