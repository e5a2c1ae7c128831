import Engine
import Render

/// A mistake in a statement, as data: which kind of mistake, the values its message names and
/// its place in the cell. The language throws these; `LanguageError+Diagnostic.swift` is the
/// one place that words them and picks each one's `ename` by CONTRIBUTING's rule.
///
/// The cases are kinds of mistake, not messages: most carry the names and numbers their
/// sentence is built from; `syntax`, `notAllowed` and `shapeMismatch` carry a sentence of
/// their own, for a mistake that only one statement can make.
public enum LanguageError: Error, Sendable, Equatable {
    // NameError: a word the language or the session does not know.

    /// `unknown net 'xo'`, with the nearest of the candidates as a note.
    case unknownName(what: String, name: String, candidates: [String], at: SourceRange?)
    /// `net 'x' has no layer 'L9'`: a name its owner has nothing of.
    case unknownMember(
        owner: String, what: String, name: String, candidates: [String], qualifier: String? = nil,
        at: SourceRange?)
    /// A statement that starts with a word that is no command, before an `=`: a definition
    /// without its command.
    case unknownCommandBeforeEquals(name: String, at: SourceRange?)
    /// A first argument that is none of a command's keywords: `'show' cannot take 'sumary'`.
    case unknownKeyword(command: String, word: String, keywords: [String], at: SourceRange?)
    /// An option that a command, data set or optimizer does not take.
    case unknownOption(option: String, owner: OptionOwner, accepted: [String], at: SourceRange?)
    /// A net or data set asked for before the session has any.
    case noneYet(SessionValue, at: SourceRange?)
    /// A command's name given to a net or data set.
    case reservedName(name: String, at: SourceRange?)

    // ValueError: a value of the wrong type, outside its range or choices, or a request the
    // session cannot meet.

    /// An option's value that is none of its choices: `option 'reduction' cannot be 'avg'`.
    case invalidChoice(option: String, value: String, choices: [String], inList: Bool, at: SourceRange?)
    /// An option's list that names one choice twice.
    case repeatedChoice(option: String, value: String, at: SourceRange?)
    /// A value of another type than the place takes.
    case wrongType(Place, expected: String, at: SourceRange?)
    /// A number outside the range of what it is for: `0 is out of range for 'train'`.
    case numberOutOfRange(value: Double, of: String, expected: String, at: SourceRange?)
    /// A value that misses its bound: `option 'clip' must be positive`.
    case outOfRange(subject: String, mustBe: String, notes: [String] = [], at: SourceRange?)
    /// An option given to a form of the command it does not apply to: `option 'val' is for
    /// loss charts only`.
    case optionNotApplicable(option: String, appliesTo: String, at: SourceRange?)
    /// An option a source of data does not read, with those it does.
    case optionNotForSource(option: String, source: String, accepted: [String], at: SourceRange?)
    /// Two ways of saying one thing given together: `give epochs or steps=, not both`.
    case eitherOr(first: String, second: String, at: SourceRange?)
    /// Something a statement works on that its owner has none of (yet): `net 'x' has no
    /// gradients yet`; a nil owner is the session (`there is no trained net to compare`).
    case lacks(owner: String?, what: String, remedy: String? = nil, at: SourceRange?)
    /// A command or option that needs a backpropagated gradient, asked of a net of a classic rule.
    case needsBackprop(BackpropUse, net: String, rule: LearningRule, at: SourceRange?)
    /// A statement whose memory would pass the session's budget.
    case overBudget(MemoryRefusal, at: SourceRange?)
    /// A request the session cannot meet, and why (a net without gradients, a frozen net...).
    case notAllowed(why: String, notes: [String] = [], at: SourceRange?)

    // SyntaxError: text that does not parse, or a statement of the wrong form.

    /// `expected ',' or ']' but found number 2`; without `found`, `expected a net name`.
    case expected(what: String, found: String? = nil, notes: [String] = [], at: SourceRange?)
    /// `unexpected character '$'`.
    case unexpected(what: String, notes: [String] = [], at: SourceRange?)
    /// A command given too few or too many arguments; nil `accepted`: it needs more.
    case argumentCount(command: String, accepted: ClosedRange<Int>?, given: Int, at: SourceRange?)
    /// An option given twice.
    case repeatedOption(option: String, at: SourceRange?)
    /// A command given arguments of another form than it takes: `lrfind takes a net's name`.
    case argumentForm(command: String, takes: String, notes: [String] = [], at: SourceRange?)
    /// Text that does not lex or parse as a value: an unterminated string, a list never closed.
    case malformed(Malformation, at: SourceRange?)
    /// Any other statement whose form is wrong, with the sentence that says how.
    case syntax(why: String, notes: [String] = [], at: SourceRange?)

    // ShapeError: sizes that do not fit.

    /// Sizes that do not fit, in a sentence that names both.
    case shapeMismatch(why: String, notes: [String] = [], at: SourceRange?)

    // FileError: a file that cannot be read or written.

    /// A file or folder that could not be read, written or made.
    case file(FileProblem, at: SourceRange?)

    // The engine's and the renderer's own errors, worded by `EngineMessages`.

    /// An error of the engine or the renderer, kept as their value until it is shown.
    case engine(EngineFailure, at: SourceRange?)

    // Interrupted.

    /// An interrupt that stopped a statement, and what it left.
    case interrupted(Interruption, at: SourceRange?)
}

extension LanguageError {
    /// Whose option an unknown option is not.
    public enum OptionOwner: Sendable, Equatable {
        case command(String)
        case dataSet(String)
        case optimizer(String)
    }

    /// What the session has none of yet.
    public enum SessionValue: Sendable, Equatable {
        case net
        case dataSet
    }

    /// Where a value of the wrong type was given.
    public enum Place: Sendable, Equatable {
        /// An argument of a command: `'train' expects a number here`.
        case argument(command: String)
        /// An option's value, described as the cell has it.
        case option(String, given: String)
        /// A value whose place the message need not name: `expected numbers`.
        case value
    }

    /// What a statement would need beside what the session holds, against the budget.
    public struct MemoryRefusal: Sendable, Equatable {
        /// One part of the need, such as ("a copy of the parameters to undo a failure", 4096).
        public struct Part: Sendable, Equatable {
            public var what: String
            public var bytes: Int
        }
        /// The statement as the message names it: `'train'`, `this statement`.
        public var statement: String
        public var parts: [Part]
        /// How to ask for less, such as "fewer examples (n=)".
        public var smaller: String
        /// Bytes the session holds already.
        public var held: Int
        /// The budget's limit in bytes.
        public var limit: Int

        /// All the parts together, at most `Int.max`.
        public var bytes: Int { parts.reduce(0) { $0.addingSaturated($1.bytes) } }
    }

    /// How a cell's text fails to read as tokens and values.
    public enum Malformation: Sendable, Equatable {
        /// A `\` followed by more than spaces or a comment on its line.
        case continuationNotAtLineEnd
        /// A `\` in a string before a character that escapes nothing.
        case unknownEscape(String)
        /// A string whose line ends before its closing quote.
        case unterminatedString
        /// Digits, signs and letters that make no number, as written.
        case number(String)
        /// A name (or dotted path) longer than the lexer takes.
        case longName(length: Int, maximum: Int)
        /// A `[` the cell never closes.
        case unclosedBracket
        /// A `[` deeper than lists may nest.
        case deepList(level: Int, maximum: Int)
    }

    /// What a gradient was needed for.
    public enum BackpropUse: Sendable, Equatable {
        /// `parallel`, which splits the gradient over workers.
        case parallel
        /// `train workers=`.
        case workers
        /// `gradcheck`, which checks backprop's gradients.
        case gradientCheck
        /// `lora`, whose adapter trains by the gradient.
        case adapter
        /// `train accum=`, which adds gradients.
        case accumulation
        /// `train precision=`, which rounds a backward pass.
        case precision
        /// `export torch`, whose torch.optim trains by the gradient.
        case torchExport
    }

    /// What went wrong with a file.
    public enum FileProblem: Sendable, Equatable {
        /// A file read as UTF-8 text that is not, or is not there.
        case unreadableText(path: String, exists: Bool)
        /// A folder that could not be made.
        case directoryNotMade(path: String, reason: String)
    }

    /// An error value of the modules below the language, and how the statement met it.
    public enum EngineFailure: Sendable, Equatable {
        case engine(EngineError)
        case data(DataError)
        /// A checkpoint refused for what it holds.
        case checkpoint(CheckpointError)
        /// A checkpoint file that could not be read or written, whatever went wrong in it: a FileError.
        case checkpointFile(CheckpointError)
        case spec(NetworkSpecError)
        case render(RenderError)
        /// A net or an optimizer file `export torch` or `load optimizer=` refused.
        case torchExport(TorchExportError)
        /// An export's folder that could not be written.
        case torchExportFile(TorchExportError)
        /// Any other error, as it describes itself.
        case other(String)
    }

    /// What an interrupt stopped.
    public enum Interruption: Sendable, Equatable {
        /// The statement, before it began.
        case beforeStatement
        /// A long computation of a statement, named.
        case during(String)
        /// `train`, which keeps its last complete step.
        case training(net: String, step: Int, epoch: Int)
        /// `lrfind`, which works on a copy of the net.
        case rateFinder(net: String, step: Int)
        /// `sample`, which changes nothing.
        case sampling(words: Int)
    }
}
