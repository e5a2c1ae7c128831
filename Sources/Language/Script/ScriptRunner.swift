import Render

/// Runs a `.bp` script as a notebook would, cell by cell, and reports what the notebook would show.
///
/// A line `# %%` starts a new cell (as in Jupytext); without one the whole script is one cell.
public struct ScriptRunner {
    /// One thing a notebook shows, in order.
    public enum Event: Sendable, Equatable {
        case stream(String, OutputStreamName)
        /// A display as it finally reads (after its last in-place update).
        case display(Rendering)
        /// A cell's execute_result.
        case result(Rendering)
        case error(RenderedError)
        /// The displays that can still be updated in place (training progress and the charts
        /// it watches), stacked as they read now; each will still be reported as a `display`
        /// once final, so only live front ends need this.
        case liveUpdate(Rendering)
    }

    public let session: Session
    /// Whether to stop at the first failing cell, as a notebook run with stop_on_error does.
    public var stopOnError: Bool

    public init(session: Session = Session(), stopOnError: Bool = true) {
        self.session = session
        self.stopOnError = stopOnError
    }

    /// Runs every cell of `script`; returns whether all succeeded.
    @discardableResult
    public func run(
        _ script: String, shouldStop: @escaping @Sendable () -> Bool = { false }, report: (Event) -> Void
    ) -> Bool {
        var succeeded = true
        for cell in Self.cells(of: script) {
            // Outputs are reported as they become final, so a terminal sees a long cell's progress.
            let outcome = withoutActuallyEscaping(report) { report in
                let transcript = Transcript(report: report)
                defer { transcript.flush() }
                return session.run(
                    cell.source, output: transcript, shouldStop: shouldStop, firstLine: cell.firstLine)
            }
            switch outcome {
            case .success(let result?):
                report(.result(result))
            case .success(nil):
                break
            case .failure(let error):
                report(.error(error))
                succeeded = false
                if stopOnError { return false }
            }
        }
        return succeeded
    }

    /// One cell of a script and the line of the script it starts on.
    public struct Cell: Sendable, Equatable {
        public var source: String
        public var firstLine: Int
    }

    /// Splits a script at `# %%` lines, keeping each cell's first line number for error messages.
    public static func cells(of script: String) -> [Cell] {
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        var cells: [Cell] = []
        var current: [Substring] = []
        var firstLine = 1
        for (index, line) in lines.enumerated() {
            if line.trimmingSpaces().hasPrefix("# %%") {
                cells.append(Cell(source: current.joined(separator: "\n"), firstLine: firstLine))
                current = []
                firstLine = index + 2
            } else {
                current.append(line)
            }
        }
        cells.append(Cell(source: current.joined(separator: "\n"), firstLine: firstLine))
        return cells.filter { !$0.source.allSatisfy(\.isWhitespace) }
    }
}

/// Passes a cell's outputs on as a notebook would finally show them: displays with an id (a
/// run's progress and its watched charts, shown one after another) are kept back while later
/// updates can still replace them, until any other output comes. Anything already passed on
/// stays, even after `clear`, since a terminal cannot take it back.
private final class Transcript: SessionOutput {
    private let report: (ScriptRunner.Event) -> Void
    private var pending: [(id: String, rendering: Rendering)] = []

    init(report: @escaping (ScriptRunner.Event) -> Void) {
        self.report = report
    }

    func write(_ text: String, to stream: OutputStreamName) {
        flush()
        report(.stream(text, stream))
    }

    func show(_ rendering: Rendering, displayID: String?) {
        if let displayID {
            pending.append((displayID, rendering))
        } else {
            flush()
            report(.display(rendering))
        }
    }

    func update(_ rendering: Rendering, displayID: String) {
        if let index = pending.firstIndex(where: { $0.id == displayID }) {
            pending[index].rendering = rendering
            report(.liveUpdate(.stacked(pending.map(\.rendering))))
        }
    }

    func clear(wait: Bool) {
        pending.removeAll()
    }

    func flush() {
        pending.forEach { report(.display($0.rendering)) }
        pending.removeAll()
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        drop { $0 == " " || $0 == "\t" }
    }
}
