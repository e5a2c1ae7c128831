import Engine

/// What `train`'s logs measure: the whole training and validation sets, or with `eval=N` an
/// evenly spaced N examples of each (nanoGPT's `estimate_loss` measures a few batches, not the
/// whole text), so a language model on a million characters can log often. The examples are
/// the same at every log, so the logged losses are comparable with each other.
///
/// Without `eval=`, a sequence model on a long text measures a sample too: every window of
/// tiny Shakespeare at every position is 64 million predictions, tens of minutes a log.
enum EvaluationSample {
    /// The largest `eval=`: more examples than any set this kernel loads.
    static let maximum = 10_000_000

    /// The positions a sequence model's log measures in each set when `eval=` is not given
    /// (2,048 windows of 64): nanoGPT's default estimate is 200 batches of 12.
    static let defaultPositions = 131_072

    /// The data the logs measure, and how the summary describes it (nil: all of it).
    static func data(_ command: CommandStatement, _ data: DataRecord, for record: NetRecord) throws -> (
        data: DataRecord, description: String?
    ) {
        guard
            let limit = try OptionReader.integer(command, "eval", atLeast: 1, atMost: maximum)
                ?? defaultLimit(data, for: record)
        else {
            return (data, nil)
        }
        let training = try sample(data.training, limit: limit)
        let validation = try data.validation.map { try sample($0, limit: limit) }
        guard training.count < data.training.count || validation?.count != data.validation?.count else {
            return (data, nil)
        }
        let parts =
            [training.count].map { "\($0) of \(data.training.count) training examples" }
            + (validation.map { ["\($0.count) of \(data.validation!.count) validation"] } ?? [])
        return (
            DataRecord(name: data.name, training: training, validation: validation),
            parts.joined(separator: ", ")
        )
    }

    /// The examples measured without `eval=`: all of them (nil), unless the net is a sequence
    /// model and a set holds more than `defaultPositions` positions.
    static func defaultLimit(_ data: DataRecord, for record: NetRecord) -> Int? {
        let spec = record.network.spec
        guard spec.isSequenceModel else { return nil }
        let positions = max(1, spec.rowsPerExample)
        let largest = max(data.training.count, data.validation?.count ?? 0)
        guard largest * positions > defaultPositions else { return nil }
        return max(1, defaultPositions / positions)
    }

    /// Rows 0, s, 2s, ... of `dataset` for a stride s that keeps at most `limit` of them.
    static func sample(_ dataset: Dataset, limit: Int) throws -> Dataset {
        guard dataset.count > limit else { return dataset }
        let rows = (0..<limit).map { $0 * dataset.count / limit }
        do { return try dataset.rows(rows) } catch { throw LanguageError(error, at: nil) }
    }
}
