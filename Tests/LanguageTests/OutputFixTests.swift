import Render
import XCTest

@testable import Language

/// Output details found by the notebook author: wide predictions, paths, counts, NaN.
final class OutputFixTests: XCTestCase {
    /// 64 input features are elided in the middle, like matrix tables, not printed in full.
    func testPredictElidesWideInputs() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 1\ndata dg = digits\nnet d = 64 -> 10 softmax\npredict dg", output: output))
        let plain = try XCTUnwrap(output.shown.last?.plain)
        let header = try XCTUnwrap(plain.split(separator: "\n").first { $0.contains("x1 ") })
        XCTAssertTrue(header.contains("x64"), String(header))
        XCTAssertFalse(header.contains("x30"), String(header))
        XCTAssertTrue(header.contains("…"), String(header))
        XCTAssertLessThan(plain.split(separator: "\n").map(\.count).max() ?? 0, 200)
        XCTAssertTrue(plain.contains("showing 8 of 64 input columns"), plain)
    }
}
