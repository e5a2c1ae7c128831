import Engine
import Foundation

/// `data NAME [opts]`, `data NAME = SOURCE [opts]`, `data NAME = INPUTS -> TARGETS`,
/// `data NAME = csv "FILE" label=COLUMN split=0.8`.
enum DataCommand {
    static let maximumOptionValue = 1_000_000.0

    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let seed = try OptionReader.integer(command, "seed").map(UInt64.init) ?? context.state.random.next()
        var dataset: Dataset
        var name: String
        switch command.arguments.first {
        case .chain(let segments, let range)?:
            name = try targetName(command) ?? "data"
            try onlyOptions(["split", "seed"], in: command, source: "inline data")
            dataset = try inline(segments, name: name, at: range)
        case .value(let source)?:
            guard let word = source.name else {
                throw LanguageError.expected(
                    what: "a data set name, csv \"FILE\" or INPUTS -> TARGETS", at: source.range)
            }
            name = try targetName(command) ?? word
            if let source = TokenData.Source(rawValue: word) {
                try onlyOptions(
                    TokenData.options, in: command, source: source == .words ? "word lists" : "text files")
                if let target = command.target { try NameRules.checkNewName(name, at: target.range) }
                context.state.store(
                    data: try TokenData.load(source, command, name: name, seed: seed, in: context))
                return
            }
            if word == "csv" {
                try onlyOptions(["split", "seed", "label"], in: command, source: "csv files")
                dataset = try csv(command, seed: seed, in: context)
            } else {
                dataset = try builtIn(word, command: command, at: source.range, seed: seed, in: context)
            }
        case nil:
            throw LanguageError.syntax(why: "'data' needs a source", at: command.range)
        }
        // `data digits` keeps the built-in's name; only names the user chooses are checked.
        if let target = command.target { try NameRules.checkNewName(name, at: target.range) }
        dataset.name = name
        var record = DataRecord(name: name, training: dataset, validation: nil)
        if let fraction = OptionReader.number(command, "split"), fraction < 1 {
            guard fraction > 0 else {
                throw LanguageError.outOfRange(
                    subject: "split", mustBe: "between 0 and 1", at: command.option("split")?.value.range)
            }
            do {
                let parts = try dataset.split(validationFraction: 1 - fraction, seed: seed)
                record.training = parts.training
                record.validation = parts.validation
                // Messages name the set as the user did; the validation part says what it is.
                record.training.name = name
                record.validation?.name = "\(name) (validation)"
            } catch {
                throw LanguageError(error, at: command.option("split")?.value.range)
            }
        }
        context.state.store(data: record)
    }

    /// Generator options (n=, noise=) mean nothing to inline or csv data; saying so beats ignoring them.
    private static func onlyOptions(_ allowed: Set<String>, in command: CommandStatement, source: String)
        throws
    {
        if let option = command.options.first(where: { !allowed.contains($0.name) }) {
            throw LanguageError.optionNotForSource(
                option: option.name, source: source, accepted: allowed.sorted(), at: option.nameRange)
        }
    }

    private static func targetName(_ command: CommandStatement) throws -> String? {
        guard let target = command.target else { return nil }
        guard let name = target.name else {
            throw LanguageError.syntax(why: "a data set's name is a single word", at: target.range)
        }
        return name
    }

    /// Whether `split=` will copy the set into two parts.
    private static func splits(_ command: CommandStatement) -> Bool {
        (OptionReader.number(command, "split") ?? 1) < 1
    }

    private static func builtIn(
        _ word: String, command: CommandStatement, at range: SourceRange, seed: UInt64,
        in context: ExecutionContext
    ) throws -> Dataset {
        guard command.arguments.count == 1 else {
            throw LanguageError.unexpected(what: "value after '\(word)'", at: command.arguments[1].range)
        }
        if let label = command.option("label") {
            throw LanguageError.optionNotApplicable(
                option: "label", appliesTo: "csv files", at: label.nameRange)
        }
        let reserved: Set = ["split", "label", "seed"]
        var options: [String: Double] = [:]
        for option in command.options where !reserved.contains(option.name) {
            guard case .number(let value) = option.value.kind else { continue }
            // Generated sets live in memory; a stray digit must not ask for billions of points.
            if value > maximumOptionValue {
                throw LanguageError.outOfRange(
                    subject: "option '\(option.name)'", mustBe: "at most \(Int(maximumOptionValue))",
                    at: option.value.range)
            }
            options[option.name] = value
        }
        try context.reserve(
            MemoryEstimates.builtInData(word, options: options, splits: splits(command)), for: command)
        do {
            return try DatasetRegistry.make(word, options: options, seed: seed)
        } catch {
            let place: SourceRange
            if case .unknownOption(_, let option, _) = error, let written = command.option(option) {
                place = written.nameRange
            } else if case .optionOutOfRange(_, let option, _, _, _) = error,
                let written = command.option(option)
            {
                place = written.value.range
            } else {
                place = range
            }
            throw LanguageError(error, at: place)
        }
    }

    private static func csv(_ command: CommandStatement, seed: UInt64, in context: ExecutionContext) throws
        -> Dataset
    {
        let pathExpression = try ArgumentReader.expression(command, at: 1)
        guard case .string(let path) = pathExpression.kind else {
            throw LanguageError.expected(
                what: "the file name as a string after 'csv'", at: pathExpression.range)
        }
        try context.reserve(MemoryEstimates.csv(path, splits: splits(command)), for: command)
        var options = CSVLoadOptions()
        options.labelColumn = OptionReader.word(command, "label")
        do {
            var dataset = try CSVDatasetLoader.load(contentsOf: URL(fileURLWithPath: path), options: options)
            // The loader names the absolute path; the user's own spelling reads better and stays portable.
            dataset.source = "csv \(path)"
            return dataset
        } catch {
            let labelRange = command.option("label")?.value.range
            let place = isLabelError(error) ? (labelRange ?? pathExpression.range) : pathExpression.range
            throw LanguageError(error, at: place)
        }
    }

    private static func isLabelError(_ error: DataError) -> Bool {
        if case .unknownLabelColumn = error { return true }
        return false
    }

    /// `[[..]] -> [[..]]`: inputs and targets as matrices (a flat target list is one column).
    private static func inline(_ segments: [[ValueExpression]], name: String, at range: SourceRange) throws
        -> Dataset
    {
        guard segments.count == 2, segments[0].count == 1, segments[1].count == 1 else {
            throw LanguageError.syntax(why: "inline data is INPUTS -> TARGETS, two matrices", at: range)
        }
        let inputs = try matrix(segments[0][0], what: "inputs")
        let targets = try matrix(segments[1][0], what: "targets")
        guard inputs.count == targets.count else {
            throw LanguageError.shapeMismatch(
                why: "\(inputs.count) input rows but \(targets.count) target rows", at: range)
        }
        let targetValues = targets.flatMap { $0 }
        let isBinary = targets[0].count == 1 && targetValues.allSatisfy { $0 == 0 || $0 == 1 }
        do {
            return try Dataset(
                name: name, inputs: inputs.flatMap { $0 }, targets: targetValues,
                featureNames: (1...inputs[0].count).map { "x\($0)" },
                targetNames: (1...targets[0].count).map { targets[0].count == 1 ? "y" : "y\($0)" },
                classNames: isBinary ? ["0", "1"] : [], task: isBinary ? .binary : .regression,
                source: "inline")
        } catch {
            throw LanguageError(error, at: range)
        }
    }

    /// Rows of a matrix literal; a flat list of numbers is one column.
    private static func matrix(_ expression: ValueExpression, what: String) throws -> [[Double]] {
        let value = try ExpressionEvaluator.evaluate(expression, in: SessionState())
        if let rows = value.matrixRows, !rows[0].isEmpty { return rows }
        if case .list(let items) = value, !items.isEmpty {
            let numbers = items.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
            if numbers.count == items.count { return numbers.map { [$0] } }
        }
        throw LanguageError.shapeMismatch(
            why: "the \(what) must be a matrix of numbers with equally long rows", at: expression.range)
    }
}
