import ArgumentParser
import Foundation
import Kernel
import Language
import Render

/// `backprop run FILE.bp`: runs a script in the terminal and prints what a notebook would show.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a .bp script and print what a notebook would show, as text.",
        discussion: """
            Cells are separated by '# %%' lines. Stdout is printed as is, displays and results \
            by their text/plain, errors as their traceback on stderr. Stops at the first error \
            with exit status 1.
            """)

    @Argument(help: "The script to run.")
    var file: String

    @Flag(help: "Keep going after a failing cell.")
    var keepGoing = false

    func run() throws {
        let script: String
        do {
            script = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read '\(file)': \(error.localizedDescription)")
        }
        // Under a file-size limit (ulimit -f), SIGXFSZ would end the script at the first write
        // past it; ignored, the write fails with EFBIG and `save` or `export` reports it.
        signal(SIGXFSZ, SIG_IGN)
        let runner = ScriptRunner(stopOnError: !keepGoing)
        // The kernel's flag: raised by the handler on a dispatch queue, read by the script.
        let interrupt = CancellationFlag()
        // Ctrl-C stops the running statement the way a notebook's stop button does.
        signal(SIGINT, SIG_IGN)
        let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signalSource.setEventHandler { interrupt.raise() }
        signalSource.resume()
        defer { signalSource.cancel() }
        let live = LiveProgress(enabled: isatty(STDERR_FILENO) != 0)
        let succeeded = runner.run(script, shouldStop: { interrupt.isRaised }) { event in
            if case .liveUpdate(let rendering) = event {
                live.show(rendering)
                return
            }
            live.erase()
            switch event {
            case .stream(let text, .stdout): Self.write(text, to: .standardOutput)
            case .stream(let text, .stderr): Self.write(text, to: .standardError)
            case .display(let rendering), .result(let rendering):
                Self.write(rendering.plain + "\n", to: .standardOutput)
            case .error(let error):
                Self.write(DiagnosticRenderer.plainText(of: error) + "\n", to: .standardError)
            case .liveUpdate:
                break
            }
        }
        if !succeeded { throw ExitCode.failure }
    }

    fileprivate static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}

/// Training progress redrawn in place on a terminal's stderr (ANSI cursor moves), and erased
/// before anything else is printed; the final progress is printed with the other outputs.
private final class LiveProgress {
    private let enabled: Bool
    private var linesShown = 0

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ rendering: Rendering) {
        guard enabled else { return }
        let lines = rendering.plain.split(separator: "\n", omittingEmptySubsequences: false)
        RunCommand.write(moveUp() + lines.map { "\r\u{1B}[2K" + $0 + "\n" }.joined(), to: .standardError)
        linesShown = lines.count
    }

    func erase() {
        guard enabled, linesShown > 0 else { return }
        RunCommand.write(moveUp() + "\u{1B}[J", to: .standardError)
        linesShown = 0
    }

    private func moveUp() -> String {
        linesShown > 0 ? "\u{1B}[\(linesShown)A" : ""
    }
}
