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

final class GradientCheckTextTests: XCTestCase {
    func testGradcheckFollowsDigitsAndCountsExamples() throws {
        let session = Session()
        let setup = "dtype f64\ndata one = [[1, 0]] -> [[1]]\nnet n = 2 -> 2 sigmoid -> 1 sigmoid\n"
        let four = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(setup + "digits 4\ngradcheck", output: four))
        let eight = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("digits 8\ngradcheck", output: eight))
        let short = try XCTUnwrap(four.shown.last?.plain)
        let long = try XCTUnwrap(eight.shown.last?.plain)
        XCTAssertTrue(short.contains("on 1 example of one"), short)
        XCTAssertFalse(short.contains("first"), short)
        // The same numbers with twice the digits make wider columns.
        XCTAssertGreaterThan(
            long.split(separator: "\n")[2].count, short.split(separator: "\n")[2].count, long)
        XCTAssertEqual(GradientCheck.examplesText(checked: 32, of: 100), "on the first 32 examples")
        XCTAssertEqual(GradientCheck.examplesText(checked: 4, of: 4), "on 4 examples")
    }
}

final class SummaryTextTests: XCTestCase {
    func testSummaryCountsInTheSingular() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid\ntrain 1\nshow summary", output: output))
        let plain = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertTrue(plain.contains("1 step, 1 epoch,"), plain)
        XCTAssertNil(session.runExpectingSuccess("train 1\nshow summary", output: output))
        XCTAssertTrue(output.shown.last?.plain.contains("2 steps, 2 epochs,") ?? false)
    }

    func testNaNPrintsAsLowercaseNan() {
        XCTAssertEqual(NumberFormat(significantDigits: 4).string(-Double.nan), "nan")
        XCTAssertEqual(ValueFormatter(digits: 4).format(-Double.nan), "nan")
    }
}
