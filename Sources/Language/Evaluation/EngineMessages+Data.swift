import Engine

extension EngineMessages {
    /// One sentence saying what is wrong with a data set, with the values involved: the
    /// engine's `DataError` carries the values, the language its words.
    static func text(_ error: DataError) -> String {
        switch error {
        case .emptyShape(let dataset, let features, let targets):
            "data set '\(dataset)' needs at least one feature and one target column "
                + "(has \(features) and \(targets))"
        case .sizeMismatch(let dataset, let array, let columns, let valueCount):
            "\(array) of '\(dataset)' hold \(valueCount) values, not a whole number of rows of \(columns)"
        case .rowCountMismatch(let dataset, let inputRows, let targetValues, let targetWidth):
            "'\(dataset)' has \(inputRows) input rows but \(targetValues) target values "
                + "(expected \(inputRows) × \(targetWidth) = \(inputRows * targetWidth))"
        case .featureCountMismatch(let dataset, let expected, let actual):
            "'\(dataset)' has \(actual) features but the scaling was fitted to \(expected)"
        case .classTargetsNeedOneColumn(let dataset, let targetWidth):
            "class targets of '\(dataset)' must be one column of indices, not \(targetWidth) columns"
        case .classNameCount(let dataset, let classCount, let names):
            "'\(dataset)' has \(classCount) classes but \(names.count) class names: "
                + names.joined(separator: ", ")
        case .classIndexOutOfRange(let dataset, let row, let value, let classCount):
            "row \(row) of '\(dataset)' has class \(formatted(value)), "
                + "not a whole number in 0..<\(classCount)"
        case .notClassification(let dataset):
            "'\(dataset)' is a regression data set and has no classes"
        case .rowsDisagree(let dataset, let inputRows, let targetRows):
            "'\(dataset)' has \(inputRows) input rows but \(targetRows) target rows"
        case .raggedRow(let dataset, let part, let row, let expected, let found):
            "row \(row) of the \(part) of '\(dataset)' has \(found) values, but row 0 has \(expected)"
        case .rowOutOfRange(let dataset, let row, let count):
            "row \(row) is out of range: '\(dataset)' has rows 0..<\(count)"
        case .invalidFraction(let value):
            "split fraction must lie strictly between 0 and 1, got \(formatted(value))"
        case .splitLeavesEmptyPart(let dataset, let count, let validationFraction):
            "splitting the \(count) examples of '\(dataset)' with validation fraction "
                + "\(formatted(validationFraction)) leaves one part empty"
        case .unknownDataset(let name, let available):
            "unknown data set '\(name)'; available: \(available.joined(separator: ", "))"
        case .unknownOption(let dataset, let option, let valid):
            valid.isEmpty
                ? "data set '\(dataset)' takes no options, got '\(option)'"
                : "unknown option '\(option)' for '\(dataset)'; valid: \(valid.joined(separator: ", "))"
        case .optionOutOfRange(let dataset, let option, let value, let minimum, let maximum):
            "\(option)=\(formatted(value)) is out of range for '\(dataset)': must be "
                + (maximum.map { "between \(formatted(minimum)) and \(formatted($0))" }
                    ?? "at least \(formatted(minimum))")
        case .optionNotWhole(let dataset, let option, let value):
            "\(option)=\(formatted(value)) for '\(dataset)' must be a whole number"
        case .encoderSizeNotPowerOfTwo(let value):
            "encoder n=\(value) must be a power of two (4, 8, 16, ...), so that log2(n) hidden units fit"
        case .tooFewExamples(let dataset, let count, let minimum):
            "'\(dataset)' needs at least \(minimum) examples, got n=\(count)"
        case .missingBundledFile(let name):
            "the shipped data file '\(name)' is missing from the engine's resources"
        case .fileUnreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        case .emptyFile(let source):
            "\(source) is empty: expected a header row of column names"
        case .noDataRows(let source):
            "\(source) has a header row but no data rows"
        case .unterminatedQuote(let source, let line):
            "\(source), line \(line): a quoted field is never closed"
        case .duplicateColumn(let source, let name):
            "\(source): column '\(name)' appears twice in the header"
        case .wrongFieldCount(let source, let line, let expected, let found):
            "\(source), line \(line): expected \(expected) fields as in the header, found \(found)"
        case .nonNumericValue(let source, let line, let column, let columnName, let text):
            "\(source), line \(line), column \(column) ('\(columnName)'): '\(text)' is not a number"
        case .nonFiniteValue(let source, let line, let column, let columnName, let text):
            "\(source), line \(line), column \(column) ('\(columnName)'): '\(text)' is not a finite number"
        case .unknownLabelColumn(let source, let name, let columns):
            "\(source) has no column '\(name)'; columns: \(columns.joined(separator: ", "))"
        case .noFeatureColumns(let source, let labelColumn):
            "\(source) has no feature columns besides the label column '\(labelColumn)'"
        case .unknownCharacter(let source, let line, let character):
            "\(source) word \(line) has the character '\(character)', which is not in the vocabulary"
        case .boundaryInWord(let source, let line, let word):
            "\(source) word \(line) '\(word)' contains '.', which marks the end of a word"
        case .notRunningText(let dataset):
            "data set '\(dataset)' is not running text, so it has no next token at every position: a net with 'embed D positions' reads data from 'text \"FILE\" context=K'"
        }
    }
}

/// Whole numbers without a trailing `.0`, others as Swift prints them.
private func formatted(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
        return String(Int(value))
    }
    return String(value)
}
