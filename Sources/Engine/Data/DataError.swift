/// Everything that can go wrong building, loading or cutting a data set.
///
/// Each case carries the data a message needs; the Language words them
/// (`EngineMessages+Data.swift`).
public enum DataError: Error, Sendable, Equatable {
    // Shapes.
    case emptyShape(dataset: String, features: Int, targets: Int)
    case sizeMismatch(dataset: String, array: String, columns: Int, valueCount: Int)
    case rowCountMismatch(dataset: String, inputRows: Int, targetValues: Int, targetWidth: Int)
    case featureCountMismatch(dataset: String, expected: Int, actual: Int)
    case classTargetsNeedOneColumn(dataset: String, targetWidth: Int)
    case classNameCount(dataset: String, classCount: Int, names: [String])
    case classIndexOutOfRange(dataset: String, row: Int, value: Double, classCount: Int)
    case notClassification(dataset: String)
    case rowsDisagree(dataset: String, inputRows: Int, targetRows: Int)
    case raggedRow(dataset: String, part: String, row: Int, expected: Int, found: Int)

    // Subsets and splits.
    case rowOutOfRange(dataset: String, row: Int, count: Int)
    case invalidFraction(value: Double)
    case splitLeavesEmptyPart(dataset: String, count: Int, validationFraction: Double)

    // The registry of built-in data sets.
    case unknownDataset(name: String, available: [String])
    case unknownOption(dataset: String, option: String, valid: [String])
    case optionOutOfRange(dataset: String, option: String, value: Double, minimum: Double, maximum: Double?)
    case optionNotWhole(dataset: String, option: String, value: Double)
    case encoderSizeNotPowerOfTwo(value: Int)
    case tooFewExamples(dataset: String, count: Int, minimum: Int)
    case missingBundledFile(name: String)

    // CSV files; lines and columns count from 1, the header being line 1.
    case fileUnreadable(path: String, reason: String)
    case emptyFile(source: String)
    case noDataRows(source: String)
    case unterminatedQuote(source: String, line: Int)
    case duplicateColumn(source: String, name: String)
    case wrongFieldCount(source: String, line: Int, expected: Int, found: Int)
    case nonNumericValue(source: String, line: Int, column: Int, columnName: String, text: String)
    case nonFiniteValue(source: String, line: Int, column: Int, columnName: String, text: String)
    case unknownLabelColumn(source: String, name: String, columns: [String])
    case noFeatureColumns(source: String, labelColumn: String)

    // Word lists and text read as characters.
    case unknownCharacter(source: String, line: Int, character: String)
    case boundaryInWord(source: String, line: Int, word: String)
    /// Next-token targets at every position asked of data that is not running text.
    case notRunningText(dataset: String)
}
