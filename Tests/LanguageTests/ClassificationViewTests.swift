import Render
import XCTest

@testable import Language

/// `show confusion` and `show misclassified` on a net whose answers are known by hand.
final class ClassificationViewTests: XCTestCase {
    /// One input, sigmoid(x − 0.5): x = 0 is class 0 and x = 1, 2, 3 class 1; the truth is 0, 1, 1, 0,
    /// so the last example is wrong with confidence sigmoid(2.5).
    private let known = """
        dtype f64
        data d = [[0], [1], [2], [3]] -> [[0], [1], [1], [0]]
        net n = 1 -> 1 sigmoid
        set n.L1.W = [[1]]
        set n.L1.b = [-0.5]
        """

    func testConfusionCountsTrueAgainstPredictedWithRecallPrecisionAndAccuracy() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(known + "\nshow confusion", output: output))
        let plain = try XCTUnwrap(output.shown.last?.plain)
        let lines = plain.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        // Row "0": one right, one taken for 1; recall 1/2. Row "1": both right; recall 1.
        XCTAssertTrue(lines.contains(["0", "1", "1", "0.5"]), plain)
        XCTAssertTrue(lines.contains(["1", "0", "2", "1"]), plain)
        // Precision: predicted 0 is always right, predicted 1 in 2 of 3.
        XCTAssertTrue(lines.contains(["precision", "1", "0.6667"]), plain)
        XCTAssertTrue(plain.contains("accuracy 0.75 (3 of 4 training examples of d)"), plain)
    }

    func testMisclassifiedListsTheWrongExamplesWithConfidence() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(known + "\nshow misclassified", output: output))
        let plain = try XCTUnwrap(output.shown.last?.plain)
        let confidence = 1 / (1 + exp(-2.5))
        let expectedRow = ["3", "0", "1", ValueFormatter(digits: 4).format(confidence)]
        let lines = plain.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertTrue(lines.contains(expectedRow), plain)
        XCTAssertTrue(plain.contains("1 of 4 training examples of d misclassified"), plain)
    }

    func testMisclassifiedUsesTheValidationPartAndDrawsDigits() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 1\ndata dg = digits split=0.9\nnet d = 64 -> 10 softmax\nloss ce\nshow misclassified limit=2",
                output: output))
        let plain = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertTrue(plain.contains("(validation)"), plain)
        XCTAssertTrue(plain.contains("the 2 most confident shown"), plain)
        XCTAssertEqual(plain.components(separatedBy: "example ").count - 1, 2, "one heatmap per example")
    }

    func testConfusionNeedsClasses() throws {
        let session = Session()
        let error = session.runExpectingError("data s = sine\nnet n = 1 -> 1\nshow confusion")
        XCTAssertEqual(error?.name, "ValueError")
    }
}
