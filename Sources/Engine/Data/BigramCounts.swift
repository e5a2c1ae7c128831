import Foundation

/// How often each token follows each other in a token data set, counted from its examples:
/// the last input of an example (the token before) and its target (the token after). For a
/// word list read with `context=1` these are the bigrams of makemore's first model, `.` before
/// the first character and after the last. A model that predicts by these counts, smoothed by
/// adding `α` to every cell, is the table a one-layer net learns.
public struct BigramCounts: Sendable, Equatable {
    /// `counts[a][b]`: examples whose last input is a and whose target is b.
    public let counts: [[Int]]
    /// Examples counted.
    public let total: Int

    /// The counts of `dataset`'s examples; it must hold token ids and class targets.
    public init(_ dataset: Dataset) throws(DataError) {
        guard let vocabulary = dataset.vocabulary, case .multiclass(let classCount) = dataset.task,
            classCount == vocabulary.count
        else { throw .notClassification(dataset: dataset.name) }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for row in 0..<dataset.count {
            let before = Int(dataset.input(row).last!)
            let after = Int(dataset.targets[row])
            counts[before][after] += 1
        }
        self.counts = counts
        total = dataset.count
    }

    /// The probability of b after a, with `smoothing` added to every count of a's row.
    public func probability(of after: Int, after before: Int, smoothing: Double) -> Double {
        let row = counts[before]
        let rowTotal = Double(row.reduce(0, +)) + smoothing * Double(row.count)
        return rowTotal > 0 ? (Double(row[after]) + smoothing) / rowTotal : 0
    }

    /// The mean of −log p(b | a) over every counted pair: the loss of the smoothed count model
    /// on the data it was counted from (infinite where an unsmoothed zero meets a pair).
    public func negativeLogLikelihood(smoothing: Double) -> Double {
        var sum = 0.0
        for (before, row) in counts.enumerated() {
            for (after, count) in row.enumerated() where count > 0 {
                sum -=
                    Double(count)
                    * Foundation.log(probability(of: after, after: before, smoothing: smoothing))
            }
        }
        return total > 0 ? sum / Double(total) : 0
    }
}
