/// What a data set's targets mean, which decides the losses and metrics that fit it.
public enum TaskKind: Sendable, Equatable, Hashable {
    /// Real-valued targets, any number of columns.
    case regression
    /// One target column holding 0 or 1.
    case binary
    /// One target column holding a class index in `0..<classCount`.
    case multiclass(classCount: Int)

    /// The number of classes, or nil for regression.
    public var classCount: Int? {
        switch self {
        case .regression: nil
        case .binary: 2
        case .multiclass(let classCount): classCount
        }
    }
}

/// A table of examples: inputs and targets as row-major `[Double]` arrays.
///
/// `inputs` holds `count × featureCount` values and `targets` holds
/// `count × targetWidth` values, row `i` of both belonging to example `i`.
/// Class targets are indices in one column; `oneHotTargets()` widens them.
public struct Dataset: Sendable, Equatable {
    /// The name shown to users (`xor`, `iris (training)`).
    public var name: String
    /// Row-major inputs, `count × featureCount`.
    public let inputs: [Double]
    /// Row-major targets, `count × targetWidth`.
    public let targets: [Double]
    /// The number of examples.
    public let count: Int
    /// One name per input column.
    public let featureNames: [String]
    /// One name per target column.
    public let targetNames: [String]
    /// The class names in index order, or empty for regression.
    public let classNames: [String]
    /// Whether the targets are values, a binary label or class indices.
    public let task: TaskKind
    /// How the data was made (generator and options, or the file it came from).
    public var source: String
    /// For inputs that are token ids, the symbol of each id (`.`, `a`, `b`, ...); nil for
    /// real-valued features.
    public let inputVocabulary: [String]?

    /// The number of input columns.
    public var featureCount: Int { featureNames.count }
    /// The number of target columns.
    public var targetWidth: Int { targetNames.count }

    /// A data set after checking that every array has the size its shape says.
    public init(
        name: String,
        inputs: [Double],
        targets: [Double],
        featureNames: [String],
        targetNames: [String],
        classNames: [String] = [],
        task: TaskKind,
        source: String = "",
        inputVocabulary: [String]? = nil
    ) throws(DataError) {
        guard !featureNames.isEmpty, !targetNames.isEmpty else {
            throw .emptyShape(dataset: name, features: featureNames.count, targets: targetNames.count)
        }
        guard inputs.count % featureNames.count == 0 else {
            throw .sizeMismatch(
                dataset: name, array: "inputs", columns: featureNames.count, valueCount: inputs.count)
        }
        let count = inputs.count / featureNames.count
        guard targets.count == count * targetNames.count else {
            throw .rowCountMismatch(
                dataset: name, inputRows: count, targetValues: targets.count, targetWidth: targetNames.count)
        }
        if let classCount = task.classCount {
            guard targetNames.count == 1 else {
                throw .classTargetsNeedOneColumn(dataset: name, targetWidth: targetNames.count)
            }
            guard classNames.isEmpty || classNames.count == classCount else {
                throw .classNameCount(dataset: name, classCount: classCount, names: classNames)
            }
            for (row, value) in targets.enumerated()
            where value != value.rounded() || value < 0 || value >= Double(classCount) {
                throw .classIndexOutOfRange(dataset: name, row: row, value: value, classCount: classCount)
            }
        }
        self.name = name
        self.inputs = inputs
        self.targets = targets
        self.count = count
        self.featureNames = featureNames
        self.targetNames = targetNames
        self.classNames = classNames
        self.task = task
        self.source = source
        self.inputVocabulary = inputVocabulary
    }

    /// The inputs of example `row`.
    public func input(_ row: Int) -> ArraySlice<Double> {
        inputs[row * featureCount..<(row + 1) * featureCount]
    }

    /// The targets of example `row`.
    public func target(_ row: Int) -> ArraySlice<Double> {
        targets[row * targetWidth..<(row + 1) * targetWidth]
    }

    /// The class index of every example, for binary and multiclass data.
    public func classIndices() throws(DataError) -> [Int] {
        guard task.classCount != nil else { throw .notClassification(dataset: name) }
        return targets.map { Int($0) }
    }

    /// The targets as one-hot rows, `count × classCount` (the identity patterns of the encoder).
    public func oneHotTargets() throws(DataError) -> [Double] {
        guard let classCount = task.classCount else { throw .notClassification(dataset: name) }
        var oneHot = [Double](repeating: 0, count: count * classCount)
        for (row, value) in targets.enumerated() {
            oneHot[row * classCount + Int(value)] = 1
        }
        return oneHot
    }
}
