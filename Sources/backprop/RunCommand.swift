import ArgumentParser
import Foundation
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
        let runner = ScriptRunner(stopOnError: !keepGoing)
        let succeeded = runner.run(script) { event in
            switch event {
            case .stream(let text, .stdout): Self.write(text, to: .standardOutput)
            case .stream(let text, .stderr): Self.write(text, to: .standardError)
            case .display(let rendering), .result(let rendering):
                Self.write(rendering.plain + "\n", to: .standardOutput)
            case .error(let error):
                Self.write(DiagnosticRenderer.plainText(of: error) + "\n", to: .standardError)
            }
        }
        if !succeeded { throw ExitCode.failure }
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
