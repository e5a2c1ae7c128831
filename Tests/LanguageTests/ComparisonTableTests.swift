import Foundation
import XCTest

@testable import Language

/// `show compare` and `export compare`: several nets in one table.
final class ComparisonTableTests: XCTestCase {
    func testShowCompareHasOneRowPerNetWithStepsToTarget() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(SessionFixtures.twoTrainedNets))
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("digits 17\nshow compare b a target=0.5", output: output))
        let plain = try XCTUnwrap(output.shown.last?.plain)
        let lines = plain.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for name in ["a", "b"] {
            let history = try XCTUnwrap(session.state.nets[name]).history.records
            let row = try XCTUnwrap(lines.first { $0.first == name }, plain)
            let formatter = ValueFormatter(digits: 17)
            XCTAssertEqual(row[1], "50")
            XCTAssertEqual(row[2], formatter.format(try XCTUnwrap(history.last).loss))
            XCTAssertEqual(row[3], formatter.format(try XCTUnwrap(history.map(\.loss).min())))
            let reached = history.first { $0.loss <= 0.5 }.map { String($0.step) } ?? "never"
            XCTAssertEqual(row[6], reached, plain)
        }
        XCTAssertLessThan(
            try XCTUnwrap(lines.firstIndex { $0.first == "b" }),
            try XCTUnwrap(lines.firstIndex { $0.first == "a" }),
            "rows follow the order asked for")
    }

    func testExportCompareWritesAMarkdownTable() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(SessionFixtures.twoTrainedNets))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-\(UUID()).md")
        defer { try? FileManager.default.removeItem(at: file) }
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("export compare a b \"\(file.path)\"", output: output))
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(
            text.contains("| net | steps | final loss | best loss | val_loss | accuracy | loss trend |"), text
        )
        XCTAssertTrue(text.contains("\n| a | 50 |"), text)
        XCTAssertTrue(text.contains("\n| b | 50 |"), text)
        XCTAssertEqual(output.stdout, "wrote compare to \(file.path)\n")
    }

    func testOtherTopicsTakeOneName() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(SessionFixtures.twoTrainedNets))
        XCTAssertEqual(session.runExpectingError("show summary a b")?.name, "SyntaxError")
        XCTAssertEqual(session.runExpectingError("export history a \"x.tsv\"")?.name, "SyntaxError")
        XCTAssertEqual(session.runExpectingError("net c = 2 -> 1\nshow compare c d")?.name, "NameError")
    }
}
