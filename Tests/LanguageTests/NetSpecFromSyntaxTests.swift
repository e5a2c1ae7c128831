import Engine
import XCTest

@testable import Language

/// `net` builds its spec from the parse tree: every mistake is placed at its own expression,
/// with no text form in between.
final class NetSpecFromSyntaxTests: XCTestCase {
    private func place(_ cell: String) throws -> (String, String) {
        let error = try XCTUnwrap(Session().runExpectingError(cell), cell)
        let line = try XCTUnwrap(error.traceback.first { $0.contains("column") }, cell)
        return (
            error.value, String(line.split(separator: ",").last ?? "").trimmingCharacters(in: .whitespaces)
        )
    }

    func testEachMistakeIsPlacedAtItsExpression() throws {
        let cases: [(String, String, String)] = [
            ("net x = 2 -> 4 tahn -> 1", "unknown activation 'tahn'", "column 16"),
            (
                "net x = 2 tanh -> 1",
                "expected '->' or the end of the spec after the input width but found 'tanh'", "column 11"
            ),
            (
                "net x = 2 -> dropout 1.5 -> 1",
                "expected a probability between 0 and 1 in layer 1 but found '1.5'", "column 22"
            ),
            (
                "net x = 2 -> 4 tanh relu -> 1",
                "expected 'tied', '->' or the end of the spec in layer 1 but found 'relu'", "column 21"
            ),
            ("net x = 2 -> 2.5 -> 1", "expected a positive width in layer 1 but found '2.5'", "column 14"),
            (
                "net x = 0 -> 1", "expected the input width, a positive whole number, but found '0'",
                "column 9"
            ),
            (
                "net x = 2 -> layernorm 3 -> 1",
                "expected '->' or the end of the spec in layer 1 but found '3'", "column 24"
            ),
            (
                "net x = 2 -> dropout 0.5 0.5 -> 1",
                "expected '->' or the end of the spec in layer 1 but found '0.5'", "column 26"
            ),
            (
                "net x = tokens 4 -> embed 8 positions -> block 2 drop 0.1 -> 5 softmax",
                "expected 'dropout P', '->' or the end of the spec in layer 2 but found 'drop'", "column 50"
            ),
            (
                "net x = tokens 4 -> embed 8 positions -> block 2 dropout 1 -> 5 softmax",
                "expected a probability between 0 and 1 in layer 2 but found '1'", "column 58"
            ),
        ]
        for (cell, message, column) in cases {
            let (value, place) = try place(cell)
            XCTAssertEqual(value, message, cell)
            XCTAssertEqual(place, "\(column):", cell)
        }
    }

    func testTheSpecIsTheOneTheTextFormDescribes() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess("net x = 3 -> 8 relu -> dropout 0.25 -> layernorm -> 2 softmax"))
        let spec = try XCTUnwrap(session.state.nets["x"]).network.spec
        XCTAssertEqual(
            spec, try NetworkSpec(parsing: "3 -> 8 relu -> dropout 0.25 -> layernorm -> 2 softmax"))
        let gpt =
            "tokens 4 -> embed 8 positions -> block 2 dropout 0.1 -> attention 2 dropout 0.2 -> 5 softmax"
        XCTAssertNil(session.runExpectingSuccess("net g = \(gpt)"))
        XCTAssertEqual(try XCTUnwrap(session.state.nets["g"]).network.spec, try NetworkSpec(parsing: gpt))
    }
}
