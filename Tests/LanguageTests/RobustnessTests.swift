import Engine
import XCTest

@testable import Language

/// Random cells of plausible pieces: parsing, completion, inspection and is_complete never
/// crash, and every diagnostic points inside the cell.
final class RobustnessTests: XCTestCase {
    private let pieces = [
        "net", "data", "train", "show", "set", "help", "print", "x", "xor.L1.W", "=", "->", "[", "]", ",",
        "\"",
        "\"a\"", "3", "-0.5", "1e-3", "\n", " ", "\\", "#", "tanh", "lr=", "0.1", "<", ">=", "loss", ".", "é",
        "🙂",
        "\t", "until=loss<0.1", "batch=", "on",
    ]

    func testRandomCellsNeverCrashTheFrontEnd() {
        var random = RandomSource(seed: 2026)
        let session = Session()
        for _ in 0..<3000 {
            let count = 1 + random.nextIndex(below: 12)
            let code = (0..<count).map { _ in pieces[random.nextIndex(below: pieces.count)] }.joined()
            let length = code.unicodeScalars.count
            let parsed = Parser.parse(code)
            for diagnostic in parsed.diagnostics {
                guard let range = diagnostic.range else { continue }
                XCTAssertLessThanOrEqual(range.end.offset, length, code)
                XCTAssertLessThanOrEqual(range.start.offset, range.end.offset, code)
            }
            if !parsed.diagnostics.isEmpty {
                let rendered = DiagnosticRenderer.render(parsed.diagnostics, source: code)
                XCTAssertFalse(rendered.traceback.isEmpty)
            }
            let cursor = random.nextIndex(below: length + 1)
            let completion = session.complete(code, cursor: cursor)
            XCTAssertLessThanOrEqual(completion.start, completion.end, code)
            XCTAssertEqual(completion.end, cursor, code)
            _ = session.inspect(code, cursor: cursor)
            _ = session.completeness(code)
        }
    }

    /// Random cells of cheap statements run against a small net: errors, never crashes.
    func testRandomCheapStatementsNeverCrashTheSession() {
        let cheap = [
            "print", "show", "help", "set", "x.L1.W", "x.L1.b", "x", "xor", "=", "[", "]", ",", "1", "-2",
            "\"s\"",
            "\n", " summary", " weights", " grads", " deltas", "step", "forward", "backward", "update",
            "predict",
            "[[0, 1]]", "digits", " 3", "freeze", "unfreeze", " x.L1", "list", "x.history.loss", "gradcheck",
            " ",
        ]
        var random = RandomSource(seed: 7)
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid"))
        var failures = 0
        for _ in 0..<1500 {
            let count = 1 + random.nextIndex(below: 6)
            let code = (0..<count).map { _ in cheap[random.nextIndex(below: cheap.count)] }.joined()
            if case .failure(let error) = session.run(code, output: RecordingOutput(), shouldStop: { false })
            {
                failures += 1
                XCTAssertTrue(DiagnosticKind.allCases.map(\.rawValue).contains(error.name), code)
            }
        }
        XCTAssertGreaterThan(failures, 0, "random cells should hit errors")
        XCTAssertNotNil(session.state.nets["x"])
    }
}
