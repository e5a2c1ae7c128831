import Engine

/// The one place that words a `LanguageError`: its kind (the `ename`, by CONTRIBUTING's rule),
/// its one sentence and its notes, such as "did you mean 'tanh'?".
extension LanguageError {
    /// The error as the kernel shows it.
    public var diagnostic: Diagnostic {
        if case .engine(let failure, let range) = self {
            return EngineMessages.diagnostic(for: failure, at: range)
        }
        return Diagnostic(kind, message, at: range, notes: notes)
    }

    /// The offending token or statement; nil when the error has no place.
    public var range: SourceRange? {
        switch self {
        case .unknownName(_, _, _, let range), .unknownMember(_, _, _, _, _, let range),
            .unknownCommandBeforeEquals(_, let range), .unknownKeyword(_, _, _, let range),
            .unknownOption(_, _, _, let range), .noneYet(_, let range), .reservedName(_, let range),
            .invalidChoice(_, _, _, _, let range), .repeatedChoice(_, _, let range),
            .wrongType(_, _, let range), .numberOutOfRange(_, _, _, let range),
            .outOfRange(_, _, _, let range), .optionNotApplicable(_, _, let range),
            .optionNotForSource(_, _, _, let range), .eitherOr(_, _, let range), .lacks(_, _, _, let range),
            .overBudget(_, let range),
            .needsBackprop(_, _, _, let range), .argumentForm(_, _, _, let range), .malformed(_, let range),
            .notAllowed(_, _, let range), .expected(_, _, _, let range), .unexpected(_, _, let range),
            .argumentCount(_, _, _, let range), .repeatedOption(_, let range), .syntax(_, _, let range),
            .shapeMismatch(_, _, let range), .file(_, let range), .engine(_, let range),
            .interrupted(_, let range):
            range
        }
    }

    /// The kind of mistake: a word not known is a NameError, a value of the wrong type or
    /// outside its range or choices a ValueError, text that does not parse a SyntaxError,
    /// sizes that do not fit a ShapeError, a file that cannot be read or written a FileError.
    public var kind: DiagnosticKind {
        switch self {
        case .unknownName, .unknownMember, .unknownCommandBeforeEquals, .unknownKeyword, .unknownOption,
            .noneYet, .reservedName:
            .nameError
        case .invalidChoice, .repeatedChoice, .wrongType, .numberOutOfRange, .outOfRange,
            .optionNotApplicable, .optionNotForSource, .eitherOr, .lacks, .needsBackprop, .overBudget,
            .notAllowed:
            .valueError
        case .expected, .unexpected, .argumentCount, .argumentForm, .repeatedOption, .malformed, .syntax:
            .syntaxError
        case .shapeMismatch: .shapeError
        case .file: .fileError
        case .interrupted: .interrupted
        case .engine: diagnostic.kind
        }
    }

    /// The one sentence, without a final period: the `evalue`.
    public var message: String {
        switch self {
        case .unknownName(let what, let name, _, _):
            "unknown \(what) '\(Diagnostic.excerpt(name))'"
        case .unknownMember(let owner, let what, let name, _, let qualifier, _):
            "\(owner) has no \(what) '\(name)'" + (qualifier.map { " " + $0 } ?? "")
        case .unknownCommandBeforeEquals(let name, _):
            "unknown command '\(Diagnostic.excerpt(name))'"
        case .unknownKeyword(let command, let word, _, _):
            "'\(command)' cannot take '\(word)'"
        case .unknownOption(let option, .command(let command), _, _):
            "unknown option '\(Diagnostic.excerpt(option))' for '\(command)'"
        case .unknownOption(let option, .dataSet(let dataset), _, _):
            "unknown option '\(option)' for data set '\(dataset)'"
        case .unknownOption(let option, .optimizer(let optimizer), _, _):
            "optimizer '\(optimizer)' has no option '\(option)'"
        case .noneYet(.net, _): "there is no net yet"
        case .noneYet(.dataSet, _): "there is no data set yet"
        case .reservedName(let name, _):
            "'\(name)' is a command, so it cannot name a net or data set"
        case .invalidChoice(let option, let value, _, let inList, _):
            "option '\(option)' cannot \(inList ? "take" : "be") '\(value)'"
        case .repeatedChoice(let option, let value, _):
            "option '\(option)' names '\(value)' twice"
        case .wrongType(.argument(let command), let expected, _):
            "'\(command)' expects \(expected) here"
        case .wrongType(.option(let option, let given), let expected, _):
            "option '\(option)' takes \(expected) but was given \(given)"
        case .wrongType(.value, let expected, _):
            "expected \(expected)"
        case .numberOutOfRange(let value, let of, _, _):
            "\(ValueFormatter(digits: 6).format(value)) is out of range for \(of)"
        case .outOfRange(let subject, let mustBe, _, _):
            "\(subject) must be \(mustBe)"
        case .optionNotApplicable(let option, let appliesTo, _):
            "option '\(option)' is for \(appliesTo) only"
        case .optionNotForSource(let option, let source, _, _):
            "option '\(option)' does not apply to \(source)"
        case .eitherOr(let first, let second, _):
            "give \(first) or \(second), not both"
        case .lacks(let owner?, let what, _, _):
            "\(owner) has no \(what)"
        case .lacks(nil, let what, _, _):
            "there is no \(what)"
        case .needsBackprop(.parallel, let net, let rule, _), .needsBackprop(.workers, let net, let rule, _):
            "net '\(net)' learns by the \(rule.rawValue) rule, which has no backpropagated gradient to split over workers"
        case .needsBackprop(.gradientCheck, _, let rule, _):
            "gradcheck needs a net trained by backprop, not by the \(rule.rawValue) rule"
        case .needsBackprop(.adapter, let net, _, _):
            "net '\(net)' learns by a classic rule, which has no gradient for an adapter"
        case .needsBackprop(.accumulation, _, _, _):
            "accum= adds gradients, and the perceptron and ADALINE rules have none to add"
        case .needsBackprop(.precision, let net, let rule, _):
            "precision= rounds a backward pass, and the \(rule.rawValue) rule of net '\(net)' has none"
        case .needsBackprop(.torchExport, let net, let rule, _):
            "net '\(net)' learns by the \(rule.rawValue) rule, which torch.optim has no counterpart for"
        case .argumentForm(let command, let takes, _, _):
            "\(command) takes \(takes)"
        case .malformed(.continuationNotAtLineEnd, _): "'\\' must end its line"
        case .malformed(.unknownEscape(let escaped), _): "unknown escape '\\\(escaped)' in a string"
        case .malformed(.unterminatedString, _): "unterminated string"
        case .malformed(.number(let text), _): "malformed number '\(Diagnostic.excerpt(text))'"
        case .malformed(.longName(let length, let maximum), _):
            "a name has at most \(maximum) characters, and this one has \(length)"
        case .malformed(.unclosedBracket, _): "'[' is never closed"
        case .malformed(.deepList(let level, let maximum), _):
            "lists nest at most \(maximum) deep, and this '[' opens level \(level)"
        case .overBudget(let refusal, _):
            "\(refusal.statement) needs about \(MemoryBudget.format(refusal.bytes)) of memory, but the session "
                + "holds \(MemoryBudget.format(refusal.held)) of its \(MemoryBudget.format(refusal.limit)) budget"
        case .notAllowed(let why, _, _), .syntax(let why, _, _), .shapeMismatch(let why, _, _):
            why
        case .expected(let what, let found?, _, _):
            "expected \(what) but found \(found)"
        case .expected(let what, nil, _, _):
            "expected \(what)"
        case .unexpected(let what, _, _):
            "unexpected \(what)"
        case .argumentCount(let command, nil, _, _):
            "'\(command)' needs more arguments"
        case .argumentCount(let command, let accepted?, let given, _):
            "'\(command)' takes \(Self.describe(accepted)) but was given \(given)"
        case .repeatedOption(let option, _):
            "option '\(option)' is given twice"
        case .file(.unreadableText(let path, _), _):
            "cannot read '\(path)' as UTF-8 text"
        case .file(.directoryNotMade(let path, let reason), _):
            "cannot make the directory \(path): \(reason)"
        case .interrupted(.beforeStatement, _):
            "interrupted before this statement ran"
        case .interrupted(.during(let what), _):
            "interrupted during \(what)"
        case .interrupted(.training(let net, let step, let epoch), _):
            "training interrupted; '\(net)' is kept at step \(step) (epoch \(epoch)), its last complete step"
        case .interrupted(.rateFinder(let net, let step), _):
            "lrfind interrupted at step \(step); net '\(net)' is as it was"
        case .interrupted(.sampling(let words), _):
            "sample interrupted after \(words) words; nothing changed"
        case .engine: diagnostic.message
        }
    }

    /// The lines shown after the caret.
    public var notes: [String] {
        switch self {
        case .unknownName(_, let name, let candidates, _),
            .unknownMember(_, _, let name, let candidates, _, _),
            .unknownKeyword(_, let name, let candidates, _),
            .invalidChoice(_, let name, let candidates, _, _),
            .unknownOption(let name, .dataSet, let candidates, _):
            Self.suggestions(for: name, among: candidates)
        case .unknownCommandBeforeEquals(let name, _):
            NameSuggester.nearest(to: name, among: CommandCatalogue.names).map { ["did you mean '\($0)'?"] }
                ?? ["to make a net or data set, write: net \(name) = ... or data \(name) = ..."]
        case .unknownOption(_, .command(let command), let accepted, _) where accepted.isEmpty:
            ["'\(command)' takes no options"]
        case .unknownOption(let option, .command, let accepted, _):
            Self.suggestions(for: option, among: accepted)
        case .unknownOption(_, .optimizer(let optimizer), let accepted, _):
            ["\(optimizer) takes: " + accepted.joined(separator: ", ")]
        case .noneYet(.net, _): ["make one first, for example: net xor = 2 -> 4 tanh -> 1 sigmoid"]
        case .noneYet(.dataSet, _): ["make one first, for example: data xor"]
        case .reservedName(let name, _): ["choose another name, such as '\(name)1'"]
        case .numberOutOfRange(_, _, let expected, _): ["expected \(expected)"]
        case .optionNotForSource(_, let source, let accepted, _):
            ["\(source) take: " + accepted.sorted().joined(separator: ", ")]
        case .argumentCount(let command, _, _, _):
            CommandCatalogue.spec(named: command).map { ["usage: \($0.syntax)"] } ?? []
        case .lacks(_, _, let remedy, _): remedy.map { [$0] } ?? []
        case .overBudget(let refusal, _): Self.notes(for: refusal)
        case .malformed(.unknownEscape, _): ["valid escapes: \\n \\t \\\" \\\\"]
        case .malformed(.unterminatedString, _): ["a string ends with \" on the same line"]
        case .malformed(.unclosedBracket, _): ["expected ']' to match it"]
        case .malformed(.deepList, _): ["a matrix needs two: [[1, 2], [3, 4]]"]
        case .malformed(.continuationNotAtLineEnd, _), .malformed(.number, _), .malformed(.longName, _): []
        case .needsBackprop(.parallel, _, _, _):
            ["a net of layers trained by backprop takes parallel, e.g. optim sgd"]
        case .needsBackprop(.workers, _, _, _): ["workers= is for nets trained by backprop"]
        case .needsBackprop(.gradientCheck, _, _, _): []
        case .needsBackprop(.adapter, _, _, _): ["LoRA adapts a net of layers trained by backprop"]
        case .needsBackprop(.accumulation, _, _, _): ["accum= is for nets trained by backprop"]
        case .needsBackprop(.precision, _, _, _): ["precision= is for nets trained by backprop"]
        case .needsBackprop(.torchExport, _, _, _):
            [
                "export torch carries nets trained by backprop (optim "
                    + "\(TorchOptimizerExport.supported.dropLast().joined(separator: ", ")) or "
                    + "\(TorchOptimizerExport.supported.last!))"
            ]
        case .outOfRange(_, _, let notes, _), .notAllowed(_, let notes, _), .argumentForm(_, _, let notes, _),
            .expected(_, _, let notes, _),
            .unexpected(_, let notes, _), .syntax(_, let notes, _), .shapeMismatch(_, let notes, _):
            notes
        case .file(.unreadableText(_, let exists), _): [exists ? "it is not UTF-8 text" : "no such file"]
        case .repeatedChoice, .wrongType, .optionNotApplicable, .eitherOr, .repeatedOption,
            .file(.directoryNotMade, _), .interrupted:
            []
        case .engine: diagnostic.notes
        }
    }

    /// Each part's bytes when there are several (or one that is named), and how much budget to ask for.
    private static func notes(for refusal: MemoryRefusal) -> [String] {
        let format = MemoryBudget.format
        let largest = refusal.parts.max { $0.bytes < $1.bytes }
        var notes =
            refusal.parts.count > 1 || largest.map({ !$0.what.isEmpty }) == true
            ? refusal.parts.map { "\(format($0.bytes)): \($0.what)" } : []
        let raised = format(roundedUp(refusal.held.addingSaturated(refusal.bytes)))
        notes.append("raise the budget with 'memory \(raised)', or ask for \(refusal.smaller)")
        return notes
    }

    /// `total` rounded up to two significant digits, a budget a person would type.
    private static func roundedUp(_ total: Int) -> Int {
        guard total < Int.max / 2 else { return total }
        var scale = 1
        while total / scale >= 100 { scale *= 10 }
        return (total + scale - 1) / scale * scale
    }

    /// The nearest candidate as "did you mean", else a short list of them all.
    private static func suggestions(for name: String, among candidates: [String]) -> [String] {
        if let suggestion = NameSuggester.nearest(to: name, among: candidates) {
            return ["did you mean '\(suggestion)'?"]
        }
        if !candidates.isEmpty, candidates.count <= 12 {
            return ["valid choices: " + candidates.joined(separator: ", ")]
        }
        return []
    }

    /// `1 argument`, `no arguments`, `at most 2 arguments`, `1 to 3 arguments`.
    private static func describe(_ range: ClosedRange<Int>) -> String {
        func plural(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if range.lowerBound == range.upperBound {
            return range.lowerBound == 0 ? "no arguments" : plural(range.lowerBound)
        }
        if range.lowerBound == 0 { return "at most \(plural(range.upperBound))" }
        return "\(range.lowerBound) to \(range.upperBound) arguments"
    }
}
