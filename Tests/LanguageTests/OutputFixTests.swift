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

final class CSVSourceTests: XCTestCase {
    /// `show data` names a CSV file as the user wrote it, not as an absolute path.
    func testShowDataKeepsTheWrittenPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bp-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "a,b,kind\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n".write(
            to: directory.appendingPathComponent("tiny.csv"), atomically: true, encoding: .utf8)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data t = csv \"tiny.csv\" label=kind split=0.5\nshow data", output: output))
        let plain = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertTrue(plain.contains("; csv tiny.csv"), plain)
        XCTAssertFalse(plain.contains(directory.path), plain)
    }
}
