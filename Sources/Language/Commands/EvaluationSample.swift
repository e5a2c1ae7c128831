import Engine

/// What `train`'s logs measure: the whole training and validation sets, or with `eval=N` an
/// evenly spaced N examples of each (nanoGPT's `estimate_loss` measures a few batches, not the
/// whole text), so a language model on a million characters can log often. The examples are
/// the same at every log, so the logged losses are comparable with each other.
enum EvaluationSample {
    /// The largest `eval=`: more examples than any set this kernel loads.
    static let maximum = 10_000_000

    /// The data the logs measure, and how the summary describes it (nil: all of it).
    static func data(_ command: CommandStatement, _ data: DataRecord) throws -> (
        data: DataRecord, description: String?
    ) {
        guard let limit = try OptionReader.integer(command, "eval", atLeast: 1, atMost: maximum) else {
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

    /// Rows 0, s, 2s, ... of `dataset` for a stride s that keeps at most `limit` of them.
    static func sample(_ dataset: Dataset, limit: Int) throws -> Dataset {
        guard dataset.count > limit else { return dataset }
        let rows = (0..<limit).map { $0 * dataset.count / limit }
        do { return try dataset.rows(rows) } catch { throw LanguageError(error, at: nil) }
    }
}
