/// Minimum, maximum, mean and standard deviation of one column.
public struct ColumnSummary: Sendable, Equatable {
    /// The column's name.
    public let name: String
    /// The smallest value.
    public let minimum: Double
    /// The largest value.
    public let maximum: Double
    /// The mean.
    public let mean: Double
    /// The population standard deviation (divide by n).
    public let standardDeviation: Double
}

/// What `show data` needs to describe a data set without printing it.
public struct DatasetSummary: Sendable, Equatable {
    /// The number of examples.
    public let count: Int
    /// One summary per input column.
    public let features: [ColumnSummary]
    /// One summary per target column (class indices are summarised as numbers too).
    public let targets: [ColumnSummary]
    /// Examples per class in index order, or empty for regression.
    public let classCounts: [Int]
}

extension Dataset {
    /// Per-column statistics and, for class targets, the examples in each class.
    public func summary() -> DatasetSummary {
        func columns(_ values: [Double], names: [String]) -> [ColumnSummary] {
            let width = names.count
            return names.enumerated().map { column, name in
                let columnValues = stride(from: column, to: values.count, by: width).map { values[$0] }
                guard !columnValues.isEmpty else {
                    return ColumnSummary(
                        name: name, minimum: .nan, maximum: .nan, mean: .nan, standardDeviation: .nan)
                }
                let mean = columnValues.reduce(0, +) / Double(columnValues.count)
                let squares = columnValues.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                return ColumnSummary(
                    name: name, minimum: columnValues.min()!, maximum: columnValues.max()!, mean: mean,
                    standardDeviation: (squares / Double(columnValues.count)).squareRoot())
            }
        }
        var classCounts: [Int] = []
        if let classCount = task.classCount {
            classCounts = [Int](repeating: 0, count: classCount)
            for value in targets { classCounts[Int(value)] += 1 }
        }
        return DatasetSummary(
            count: count, features: columns(inputs, names: featureNames),
            targets: columns(targets, names: targetNames), classCounts: classCounts)
    }
}
