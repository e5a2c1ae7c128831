/// The bounds that keep the history file cheap however long it has been used: start-up
/// and each `history_request` read a bounded part of it, and the file itself is rotated
/// down before it grows large. The README's "Kernel limits" states them.
enum HistoryLimits {
    /// Start-up looks for the latest session in this much of the file's end, and further
    /// back only when that part holds no valid record.
    static let startupTailBytes = 64 << 10

    /// A file longer than this, at start-up or after an append, is rotated.
    static let rotationThresholdBytes = 4 << 20

    /// Rotation keeps the newest whole lines that fit in this many bytes.
    static let keptAfterRotationBytes = 2 << 20

    /// The longest record line. A cell whose record is longer is run but not saved (nor
    /// kept in memory), so one pasted file cannot push a rotation's kept part out.
    static let recordBytes = 1 << 20

    /// The most of the file's end that a query reads: a file that rotation keeps bounded
    /// is read whole, and one that could not be rotated costs no more than that.
    static let queryWindowBytes = rotationThresholdBytes + recordBytes

    /// The file is read backwards in blocks of this size.
    static let readBlockBytes = 64 << 10

    /// The session and line numbers a valid record has. A record outside them (a session
    /// of 999999999999999) is ignored: it would make the next session number overflow, or
    /// leave later ones out of range and so unreadable.
    static let numbers: ClosedRange<Int> = 1...1_000_000_000

    /// How long an append waits for another kernel's rotation to finish before it writes
    /// without the lock, and a rotation for the appends in progress before it gives up.
    static let lockWait: Duration = .milliseconds(500)
}
