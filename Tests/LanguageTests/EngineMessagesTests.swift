import Engine
import XCTest

@testable import Language

/// The sentences engine errors become, as a table: error, ename, evalue.
final class EngineMessagesTests: XCTestCase {
    private let cases: [(EngineError, String, String)] = [
        (
            .shapeMismatch(operation: "matmul", left: [4, 2], right: [3, 1]), "ShapeError",
            "matmul cannot combine shapes [4, 2] and [3, 1]"
        ),
        (
            .invalidShape(operation: "matmul", shape: [2, 2, 2], expected: "a matrix"), "ShapeError",
            "matmul needs a matrix but got shape [2, 2, 2]"
        ),
        (
            .valueCountMismatch(shape: [2, 2], expected: 4, got: 3), "ShapeError",
            "shape [2, 2] holds 4 values but 3 were given"
        ),
        (
            .classIndexOutOfRange(index: 5, classCount: 3), "ValueError",
            "class index 5 is not below the 3 classes"
        ),
        (.notAClassIndex(value: 0.5), "ValueError", "the target 0.5 is not a class index"),
        (
            .nonFinite(layer: "L2", tensor: "z", step: 17), "ValueError",
            "z of L2 became NaN or infinite at step 17"
        ),
        (.unknownParameter(name: "L1.V", valid: ["L1.W", "L1.b"]), "NameError", "unknown parameter 'L1.V'"),
        (
            .invalidOption(name: "lr", value: -1, expected: .nonNegativeRate), "ValueError",
            "lr=-1 is invalid: expected a rate of 0 or more"
        ),
        (
            .dataMismatch(what: "inputs", expected: 8, got: 6), "ShapeError",
            "the inputs have 6 values where the net expects 8"
        ),
        (
            .invalidSpec(.unknownActivation(token: "tanhh", segment: 1, valid: ["tanh", "relu"])),
            "NameError",
            "unknown activation 'tanhh'"
        ),
        (
            .invalidSpec(.expected(token: "x", segment: 0, expected: .positiveWidth)), "SyntaxError",
            "expected the input width, a positive whole number, but found 'x'"
        ),
        (
            .invalidSpec(.expected(token: "0", segment: 2, expected: .positiveWidth)), "SyntaxError",
            "expected a positive width in layer 2 but found '0'"
        ),
        (.invalidSpec(.noLayers), "SyntaxError", "a net needs an input width and at least one layer"),
    ]

    func testEngineErrorMessages() {
        for (error, name, message) in cases {
            let diagnostic = EngineMessages.diagnostic(for: error as any Error, at: nil)
            XCTAssertEqual(diagnostic.kind.rawValue, name, "\(error)")
            XCTAssertEqual(diagnostic.message, message, "\(error)")
        }
    }

    func testSuggestionsSurviveTranslation() {
        let diagnostic = EngineMessages.diagnostic(
            for: EngineError.unknownParameter(name: "L1.w", valid: ["L1.W", "L1.b"]) as any Error, at: nil)
        XCTAssertEqual(diagnostic.notes, ["did you mean 'L1.W'?"])
    }

    func testDataErrorsKeepTheirKinds() {
        let cases: [(DataError, String)] = [
            (.fileUnreadable(path: "x.csv", reason: "no such file"), "FileError"),
            (.unknownDataset(name: "xro", available: ["xor", "and"]), "NameError"),
            (.featureCountMismatch(dataset: "d", expected: 2, actual: 3), "ShapeError"),
            (.invalidFraction(value: 2), "ValueError"),
        ]
        for (error, name) in cases {
            XCTAssertEqual(
                EngineMessages.diagnostic(for: error as any Error, at: nil).kind.rawValue, name, "\(error)")
        }
    }
}
