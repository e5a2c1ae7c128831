/// Per-feature z-score statistics: `(x - mean) / standardDeviation`.
///
/// Statistics come from one data set (the training part) and are applied
/// unchanged to others (validation, new inputs), so they see the same scale.
/// The standard deviation is the population one (divide by n), as
/// scikit-learn's `StandardScaler` uses; a constant feature gets a divisor of 1
/// so it becomes 0 rather than NaN.
public struct FeatureScaling: Sendable, Equatable {
    /// The mean of each feature.
    public let means: [Double]
    /// The divisor of each feature (its standard deviation, or 1 when that is 0).
    public let standardDeviations: [Double]

    /// Statistics of every column of the row-major `inputs` with `featureCount` columns.
    public init(fitting inputs: [Double], featureCount: Int) {
        let rowCount = featureCount == 0 ? 0 : inputs.count / featureCount
        var means = [Double](repeating: 0, count: featureCount)
        var deviations = [Double](repeating: 1, count: featureCount)
        if rowCount > 0 {
            for feature in 0..<featureCount {
                var sum = 0.0
                for row in 0..<rowCount { sum += inputs[row * featureCount + feature] }
                let mean = sum / Double(rowCount)
                // Two passes over the column keep the variance accurate for large offsets.
                var squares = 0.0
                for row in 0..<rowCount {
                    let difference = inputs[row * featureCount + feature] - mean
                    squares += difference * difference
                }
                let deviation = (squares / Double(rowCount)).squareRoot()
                means[feature] = mean
                deviations[feature] = deviation > 0 ? deviation : 1
            }
        }
        self.means = means
        self.standardDeviations = deviations
    }

    /// Statistics given explicitly (for example read back from a checkpoint's metadata).
    public init(means: [Double], standardDeviations: [Double]) {
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// The number of features these statistics describe.
    public var featureCount: Int { means.count }

    /// Row-major `inputs` with every feature scaled.
    public func apply(toInputs inputs: [Double]) throws(DataError) -> [Double] {
        guard featureCount > 0, inputs.count % featureCount == 0 else {
            throw .sizeMismatch(
                dataset: "inputs", array: "inputs", columns: featureCount, valueCount: inputs.count)
        }
        var scaled = inputs
        for index in scaled.indices {
            let feature = index % featureCount
            scaled[index] = (scaled[index] - means[feature]) / standardDeviations[feature]
        }
        return scaled
    }

    /// `dataset` with its inputs scaled (targets untouched).
    public func apply(to dataset: Dataset) throws(DataError) -> Dataset {
        guard dataset.featureCount == featureCount else {
            throw .featureCountMismatch(
                dataset: dataset.name, expected: featureCount, actual: dataset.featureCount)
        }
        return try Dataset(
            name: dataset.name, inputs: apply(toInputs: dataset.inputs), targets: dataset.targets,
            featureNames: dataset.featureNames, targetNames: dataset.targetNames,
            classNames: dataset.classNames, task: dataset.task, source: dataset.source)
    }
}

extension Dataset {
    /// The data set with every feature scaled to mean 0 and standard deviation 1,
    /// and the statistics used, to apply the same scaling to other data.
    public func normalized() -> (dataset: Dataset, scaling: FeatureScaling) {
        let scaling = FeatureScaling(fitting: inputs, featureCount: featureCount)
        // The statistics were fitted to this very data set, so the feature counts agree.
        return (try! scaling.apply(to: self), scaling)
    }
}
