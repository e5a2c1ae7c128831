/// A MIME bundle: MIME type to its text (`text/plain`, `text/html`, `text/markdown`, ...).
public typealias MimeBundle = [String: String]

/// What the kernel asks of a language. The kernel joins an `Interpreter` to the
/// wire protocol; the interpreter never sees sockets or messages (as in xeus).
///
/// The kernel calls every method on its shell thread, one call at a time.
public protocol Interpreter: AnyObject {
    /// The language's name, version and file conventions, sent in `kernel_info_reply`.
    /// Read once, when the kernel starts.
    var languageInfo: LanguageInfo { get }

    /// Runs one cell. Outputs go through `output` while it runs; the result is the
    /// cell's `execute_result` (nil for none) or its error.
    func execute(_ request: ExecutionRequest, output: any OutputPublisher) -> ExecutionOutcome

    /// Completion candidates for the cursor (an offset in Unicode code points).
    func complete(code: String, cursorPosition: Int) -> Completion

    /// Help or details for the token under the cursor (an offset in Unicode code points).
    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection

    /// Whether `code` is ready to run as typed.
    func isComplete(code: String) -> Completeness
}

/// A `kernel_info_reply`'s `language_info`: what front ends need to know to edit, highlight
/// and save the language's cells. The optional fields are left out of the reply when nil.
public struct LanguageInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public var mimetype: String
    /// With its dot: `.bp`.
    public var fileExtension: String
    public var pygmentsLexer: String?
    public var codemirrorMode: String?
    public var nbconvertExporter: String?

    public init(
        name: String, version: String, mimetype: String, fileExtension: String, pygmentsLexer: String? = nil,
        codemirrorMode: String? = nil, nbconvertExporter: String? = nil
    ) {
        self.name = name
        self.version = version
        self.mimetype = mimetype
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.nbconvertExporter = nbconvertExporter
    }
}

/// One `execute_request` as the interpreter sees it.
public struct ExecutionRequest: Sendable {
    public var code: String
    public var silent: Bool
    public var storeHistory: Bool
    /// The execution count this cell will be shown with.
    public var executionCount: Int
    /// Set by an interrupt (control message or SIGINT); long work polls it and stops.
    public var cancellation: CancellationFlag

    public init(
        code: String, silent: Bool, storeHistory: Bool, executionCount: Int,
        cancellation: CancellationFlag
    ) {
        self.code = code
        self.silent = silent
        self.storeHistory = storeHistory
        self.executionCount = executionCount
        self.cancellation = cancellation
    }
}

/// How a cell ended.
public enum ExecutionOutcome: Sendable, Equatable {
    /// Ran to the end; `result` becomes the `execute_result`, if any.
    case ok(result: MimeBundle?)
    /// Stopped at an error, published as an `error` message and in the reply.
    case error(name: String, value: String, traceback: [String])
}

/// Outputs an interpreter publishes while a cell runs. All on iopub, with the
/// running request as parent.
public protocol OutputPublisher: Sendable {
    /// A `stream` message; `name` is `stdout` or `stderr`.
    func stream(_ name: StreamName, _ text: String)
    /// A `display_data` message; with `displayID`, later updates replace it in place.
    func display(_ data: MimeBundle, displayID: String?)
    /// An `update_display_data` message for a display shown earlier with `displayID`.
    func updateDisplay(_ data: MimeBundle, displayID: String)
    /// A `clear_output` message.
    func clearOutput(wait: Bool)
}

/// The two output streams of a cell.
public enum StreamName: String, Sendable {
    case stdout
    case stderr
}

/// A `complete_reply`'s content. Offsets are in Unicode code points.
public struct Completion: Sendable, Equatable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int

    public init(matches: [String], cursorStart: Int, cursorEnd: Int) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
    }
}

/// An `inspect_reply`'s content; `data` is nil when nothing was found.
public struct Inspection: Sendable, Equatable {
    public var data: MimeBundle?

    public init(data: MimeBundle?) {
        self.data = data
    }
}

/// An `is_complete_reply`'s status.
public enum Completeness: Sendable, Equatable {
    case complete
    /// More input is needed; `indent` is what the next line should start with.
    case incomplete(indent: String)
    case invalid
    case unknown
}
