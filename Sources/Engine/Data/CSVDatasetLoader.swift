import Foundation

/// How the label column of a CSV file becomes targets.
public enum CSVLabelKind: Sendable, Equatable {
    /// Classes when any label is not a number, or when all are whole numbers
    /// with at most `CSVDatasetLoader.maximumAutomaticClassCount` distinct values;
    /// otherwise regression values.
    case automatic
    /// Always classes.
    case classes
    /// Always regression values (every label must be a number).
    case values
}

/// The order in which class names become the indices 0, 1, 2, ...
public enum CSVClassOrder: Sendable, Equatable {
    /// Numeric labels in ascending numeric order (so a label `1` is class 1 when the
    /// labels are 0 and 1), other labels in order of first appearance in the file.
    case automatic
    /// Order of first appearance in the file.
    case firstAppearance
    /// Ascending: numerically when every label is a number, otherwise by text.
    case sorted
}

/// Choices for reading a CSV file into a data set.
public struct CSVLoadOptions: Sendable, Equatable {
    /// The label column's name; nil takes the last column.
    public var labelColumn: String?
    /// Classes or values.
    public var labelKind: CSVLabelKind
    /// Which class gets which index.
    public var classOrder: CSVClassOrder

    /// Options with the label column named (or the last column) and automatic kinds.
    public init(
        labelColumn: String? = nil, labelKind: CSVLabelKind = .automatic,
        classOrder: CSVClassOrder = .automatic
    ) {
        self.labelColumn = labelColumn
        self.labelKind = labelKind
        self.classOrder = classOrder
    }
}

/// Reads a CSV file with a header row into a `Dataset`: every column but the
/// label is a numeric feature.
public enum CSVDatasetLoader {
    /// Above this many distinct whole-number labels, `.automatic` reads them as values.
    public static let maximumAutomaticClassCount = 20

    /// The data set in the file at `url`, named after the file.
    public static func load(contentsOf url: URL, options: CSVLoadOptions = CSVLoadOptions()) throws(DataError)
        -> Dataset
    {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .fileUnreadable(path: url.path, reason: readFailureReason(url: url))
        }
        let name = url.deletingPathExtension().lastPathComponent
        var dataset = try parse(text, name: name, source: url.lastPathComponent, options: options)
        dataset.source = "csv \(url.path)"
        return dataset
    }

    /// The file at `url` shuffled with `seed` and split, `trainingFraction` of it for training
    /// (the language's `split=0.8`).
    public static func load(
        contentsOf url: URL, options: CSVLoadOptions = CSVLoadOptions(), trainingFraction: Double,
        seed: UInt64
    ) throws(DataError) -> DatasetSplit {
        guard trainingFraction > 0, trainingFraction < 1 else {
            throw .invalidFraction(value: trainingFraction)
        }
        return try load(contentsOf: url, options: options).split(
            validationFraction: 1 - trainingFraction, seed: seed)
    }

    /// The data set in CSV `text`; `source` names the text in error messages.
    public static func parse(
        _ text: String, name: String, source: String, options: CSVLoadOptions = CSVLoadOptions()
    ) throws(DataError) -> Dataset {
        let records = try CSVRecords.parse(text, source: source)
        guard let header = records.first else { throw .emptyFile(source: source) }
        let columns = header.fields
        var seen = Set<String>()
        for column in columns where !seen.insert(column).inserted {
            throw .duplicateColumn(source: source, name: column)
        }
        let labelName = options.labelColumn ?? columns.last!
        guard let labelIndex = columns.firstIndex(of: labelName) else {
            throw .unknownLabelColumn(source: source, name: labelName, columns: columns)
        }
        guard columns.count > 1 else { throw .noFeatureColumns(source: source, labelColumn: labelName) }
        let rows = records.dropFirst()
        guard !rows.isEmpty else { throw .noDataRows(source: source) }

        var inputs: [Double] = []
        inputs.reserveCapacity(rows.count * (columns.count - 1))
        var labels: [(line: Int, text: String)] = []
        labels.reserveCapacity(rows.count)
        for row in rows {
            guard row.fields.count == columns.count else {
                throw .wrongFieldCount(
                    source: source, line: row.line, expected: columns.count, found: row.fields.count)
            }
            for (column, field) in row.fields.enumerated() where column != labelIndex {
                guard let value = number(field) else {
                    throw .nonNumericValue(
                        source: source, line: row.line, column: column + 1, columnName: columns[column],
                        text: field)
                }
                // NaN or infinity would only surface later as a non-finite loss.
                guard value.isFinite else {
                    throw .nonFiniteValue(
                        source: source, line: row.line, column: column + 1, columnName: columns[column],
                        text: field)
                }
                inputs.append(value)
            }
            labels.append((row.line, row.fields[labelIndex]))
        }
        var featureNames = columns
        featureNames.remove(at: labelIndex)

        let numericLabels = labels.map { number($0.text) }
        if readsAsValues(numericLabels, kind: options.labelKind) {
            var targets: [Double] = []
            for (label, value) in zip(labels, numericLabels) {
                guard let value else {
                    throw .nonNumericValue(
                        source: source, line: label.line, column: labelIndex + 1, columnName: labelName,
                        text: label.text)
                }
                guard value.isFinite else {
                    throw .nonFiniteValue(
                        source: source, line: label.line, column: labelIndex + 1, columnName: labelName,
                        text: label.text)
                }
                targets.append(value)
            }
            return try Dataset(
                name: name, inputs: inputs, targets: targets, featureNames: featureNames,
                targetNames: [labelName], task: .regression, source: source)
        }

        let classNames = orderedClassNames(labels.map(\.text), order: options.classOrder)
        let indexOfClass = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let targets = labels.map { Double(indexOfClass[$0.text]!) }
        return try Dataset(
            name: name, inputs: inputs, targets: targets, featureNames: featureNames,
            targetNames: [labelName],
            classNames: classNames,
            task: classNames.count == 2 ? .binary : .multiclass(classCount: classNames.count), source: source)
    }

    private static func readsAsValues(_ numericLabels: [Double?], kind: CSVLabelKind) -> Bool {
        switch kind {
        case .values: return true
        case .classes: return false
        case .automatic:
            let numbers = numericLabels.compactMap { $0 }
            guard numbers.count == numericLabels.count else { return false }
            let allWhole = numbers.allSatisfy { $0 == $0.rounded() }
            return !allWhole || Set(numbers).count > maximumAutomaticClassCount
        }
    }

    private static func orderedClassNames(_ labels: [String], order: CSVClassOrder) -> [String] {
        var firstAppearance: [String] = []
        var seen = Set<String>()
        for label in labels where seen.insert(label).inserted { firstAppearance.append(label) }
        let allNumeric = firstAppearance.allSatisfy { number($0) != nil }
        switch order {
        case .firstAppearance:
            return firstAppearance
        case .automatic where !allNumeric:
            return firstAppearance
        case .automatic, .sorted:
            return allNumeric
                ? firstAppearance.sorted { number($0)! < number($1)! } : firstAppearance.sorted()
        }
    }

    /// A field as a number; spaces inside quotes are forgiven.
    private static func number(_ field: String) -> Double? {
        Double(field.trimmingCharacters(in: .whitespaces))
    }

    private static func readFailureReason(url: URL) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            return "no such file"
        }
        return isDirectory.boolValue ? "it is a directory" : "not readable UTF-8 text"
    }
}
