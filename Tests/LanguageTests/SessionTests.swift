import Render
import XCTest

@testable import Language

final class SessionTests: XCTestCase {
    func testPrintWritesLinesToStdout() {
        let output = RecordingOutput()
        XCTAssertNil(
            Session().runExpectingSuccess("print \"hello, world\"\nprint 1 0.5 \"x\"", output: output))
        XCTAssertEqual(output.events, [.write("hello, world\n", .stdout), .write("1 0.5 x\n", .stdout)])
    }

    func testBareValuesAreTheResult() {
        let cases: [(String, String)] = [
            ("3", "3"), ("0.5", "0.5"), ("1e-3", "0.001"), ("\"text\"", "text"), ("0.333333333", "0.3333"),
            ("[1, 2.5, \"a\"]", "[1, 2.5, \"a\"]"), ("[[1, -2.5], [10, 4]]", "[[ 1, -2.5],\n [10,    4]]"),
            ("12345678", "12345678"), ("12345678.5", "1.235e+07"), ("-2e-7", "-2e-07"),
        ]
        for (source, expected) in cases {
            XCTAssertEqual(Session().runExpectingSuccess(source), expected, source)
        }
    }

    func testOnlyTheLastValueIsTheResultEarlierOnesAreShown() {
        let output = RecordingOutput()
        XCTAssertEqual(Session().runExpectingSuccess("1\nprint \"x\"\n2", output: output), "2")
        XCTAssertEqual(output.events, [.show(Rendering(plain: "1"), nil), .write("x\n", .stdout)])
    }

    func testDigitsChangesFormatting() {
        let session = Session()
        XCTAssertEqual(session.runExpectingSuccess("0.123456789"), "0.1235")
        XCTAssertNil(session.runExpectingSuccess("digits 6"))
        XCTAssertEqual(session.state.digits, 6)
        XCTAssertEqual(session.runExpectingSuccess("0.123456789"), "0.123457")
    }

    func testSettingsAndReset() {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("seed 42\ndtype f64\ndigits 3"))
        XCTAssertEqual(session.state.seed, 42)
        XCTAssertEqual(session.state.numberType, .f64)
        XCTAssertNil(session.runExpectingSuccess("reset"))
        XCTAssertEqual(session.state.seed, SessionState.defaultSeed)
        XCTAssertEqual(session.state.numberType, .f32)
        XCTAssertEqual(session.state.digits, 4)
    }

    func testSeedResetsTheGenerator() {
        let session = Session()
        _ = session.runExpectingSuccess("seed 7")
        var first = session.state.random
        _ = session.runExpectingSuccess("seed 7")
        var second = session.state.random
        XCTAssertEqual(first.next(), second.next())
    }

    /// Statements before the failing one stay done; the failing one and those after do nothing.
    func testCellStopsAtFirstErrorKeepingEarlierStatements() {
        let session = Session()
        let output = RecordingOutput()
        let error = session.runExpectingError("digits 3\nprint \"a\"\ndigits 99\nprint \"b\"", output: output)
        XCTAssertEqual(error?.value, "99 is out of range for 'digits'")
        XCTAssertEqual(output.stdout, "a\n")
        XCTAssertEqual(session.state.digits, 3)
    }

    func testSyntaxErrorsStopTheCellBeforeItRuns() {
        let session = Session()
        let output = RecordingOutput()
        _ = session.runExpectingError("digits 3\nprint \"a\"\nprint [", output: output)
        XCTAssertEqual(output.events, [])
        XCTAssertEqual(session.state.digits, 4)
    }

    func testHelpListsEveryCommand() throws {
        let output = RecordingOutput()
        XCTAssertNil(Session().runExpectingSuccess("help", output: output))
        let help = try XCTUnwrap(output.shown.first)
        for spec in CommandCatalogue.all {
            XCTAssertTrue(help.plain.contains("  \(spec.name) "), spec.name)
            XCTAssertTrue(help.plain.contains(spec.summary), spec.name)
            XCTAssertTrue(help.markdown?.contains("| `\(spec.name)` |") ?? false, spec.name)
        }
    }

    func testHelpOfACommandShowsSyntaxOptionsAndExample() throws {
        let output = RecordingOutput()
        XCTAssertNil(Session().runExpectingSuccess("help train", output: output))
        let help = try XCTUnwrap(output.shown.first).plain
        XCTAssertTrue(help.hasPrefix("train [EPOCHS] [on DATA] [key=value ...]\n"))
        XCTAssertTrue(help.contains("  batch=integer"))
        XCTAssertTrue(help.contains("(default all)"))
        XCTAssertTrue(help.contains("Example:\n  train 2000 batch=4 every=200"))
    }

    func testCatalogueIsConsistent() {
        XCTAssertEqual(Set(CommandCatalogue.names).count, CommandCatalogue.names.count, "names are unique")
        let required = [
            "print", "seed", "dtype", "digits", "data", "net", "use", "loss", "optim", "train", "step",
            "forward",
            "backward", "update", "show", "plot", "hist", "heatmap", "set", "freeze", "unfreeze", "save",
            "load",
            "gradcheck", "predict", "export", "help", "sleep", "reset",
        ]
        for name in required { XCTAssertNotNil(CommandCatalogue.spec(named: name), name) }
        for spec in CommandCatalogue.all {
            XCTAssertFalse(spec.summary.isEmpty, spec.name)
            XCTAssertTrue(spec.syntax.hasPrefix(spec.name), spec.name)
            // Every example parses under the command's own rules.
            for line in spec.example.split(separator: "\n") {
                XCTAssertEqual(Parser.parse(String(line)).diagnostics.map(\.message), [], String(line))
            }
        }
    }

    func testSleepIsInterruptible() {
        let start = Date()
        let outcome = Session().run(
            "sleep 30", output: RecordingOutput(), shouldStop: { Date().timeIntervalSince(start) > 0.2 })
        XCTAssertLessThan(Date().timeIntervalSince(start), 1.0)
        guard case .failure(let error) = outcome else { return XCTFail("sleep was not interrupted") }
        XCTAssertEqual(error.name, "Interrupted")
        XCTAssertEqual(error.value, "interrupted during 'sleep'")
    }

    func testSleepRunsItsTime() {
        let start = Date()
        XCTAssertNil(Session().runExpectingSuccess("sleep 0.15"))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.15)
    }

    func testInterruptBeforeAStatementStopsTheCell() {
        let output = RecordingOutput()
        let outcome = Session().run("print \"a\"", output: output, shouldStop: { true })
        guard case .failure(let error) = outcome else { return XCTFail("not interrupted") }
        XCTAssertEqual(error.name, "Interrupted")
        XCTAssertEqual(error.value, "interrupted before this statement ran")
        XCTAssertEqual(output.events, [])
    }
}

final class HelpExampleTests: XCTestCase {
    /// Every example `help` shows runs, in catalogue order, in one session: each command is wired.
    func testEveryHelpExampleRuns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bp-examples-\(UUID())")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("runs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The word-list examples read data/names.txt, as a notebook beside notebooks/data does:
        // a few names holding all 26 letters, so the vocabulary is `.` and 26 as the real file's.
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nharper\nevelyn\nabcdefghijklmnopqrstuvwxyz\n".write(
            to: directory.appendingPathComponent("data/names.txt"), atomically: true, encoding: .utf8)
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(directory.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }

        let session = Session()
        for spec in CommandCatalogue.all where spec.name != "sleep" {
            for line in spec.example.split(separator: "\n") {
                let outcome = session.run(String(line), output: RecordingOutput(), shouldStop: { false })
                if case .failure(let error) = outcome {
                    XCTFail("\(line): \(DiagnosticRenderer.plainText(of: error))")
                }
            }
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "runs/xor.tsv"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "xor.safetensors"))
    }
}
