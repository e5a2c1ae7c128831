import XCTest

@testable import Language

/// Lists nested deeper than `Parser.maximumListNesting`: a SyntaxError at the first bracket too
/// deep, and nothing on the front end's path recurses on the depth. `print [[[...` 10,000 deep
/// used to overflow the stack in the parser's recursive descent and kill the kernel.
final class NestingDepthTests: XCTestCase {
    private static let depth = 100_000
    private static let message = "lists nest at most 64 deep, and this '[' opens level 65"

    /// Each cell and where its 65th bracket is.
    private let cases: [(name: String, source: String, place: String)] = [
        (
            "closed", "print " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            "line 1, column 71:"
        ),
        ("unclosed", "print " + String(repeating: "[", count: depth), "line 1, column 71:"),
        ("one a line", "print 1\nprint " + String(repeating: "[\n", count: depth), "line 66, column 1:"),
        ("set", "set x.L1.W = " + String(repeating: "[", count: depth) + "1", "line 1, column 78:"),
        (
            "inline data", "data d = " + String(repeating: "[", count: depth) + " -> [[1]]",
            "line 1, column 74:"
        ),
    ]

    func testTooDeepListsAreASyntaxErrorAtTheBracket() {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("digits 5"))
        for (name, source, place) in cases {
            let output = RecordingOutput()
            guard let error = session.runExpectingError(source, output: output) else { continue }
            XCTAssertEqual(error.name, "SyntaxError", name)
            XCTAssertEqual(error.value, Self.message, name)
            XCTAssertEqual(error.traceback[1], place, name)
            XCTAssertEqual(error.traceback.last, "a matrix needs two: [[1, 2], [3, 4]]", name)
            XCTAssertEqual(output.events, [], name)
            XCTAssertEqual(session.state.digits, 5, name)
        }
    }

    func testTheFrontEndCopesWithDeepText() {
        let session = Session()
        for (name, source, _) in cases {
            let length = source.unicodeScalars.count
            _ = session.complete(source, cursor: length)
            _ = session.inspect(source, cursor: length)
            _ = session.completeness(source)
            XCTAssertFalse(Parser.parse(source).diagnostics.isEmpty, name)
        }
        // An unclosed cell is incomplete, with an indent that stays small.
        guard case .incomplete(let indent) = session.completeness(cases[1].source) else {
            return XCTFail("a cell of unclosed brackets is incomplete")
        }
        XCTAssertLessThanOrEqual(indent.count, 4 * Parser.maximumListNesting)
    }

    func testListsUpToTheLimitStillWork() {
        let nested = String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64)
        let output = RecordingOutput()
        XCTAssertNil(Session().runExpectingSuccess("print " + nested, output: output))
        XCTAssertEqual(output.stdout, nested + "\n")
        XCTAssertEqual(Session().runExpectingSuccess(nested), nested)
    }
}
