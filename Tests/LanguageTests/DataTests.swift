import Foundation
import XCTest

@testable import Language

final class DataTests: XCTestCase {
    func testBuiltInsWithOptionsAndSplit() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("seed 3\ndata ring = circles n=50 noise=0.1 split=0.8"))
        let ring = try XCTUnwrap(session.state.datasets["ring"])
        XCTAssertEqual(ring.training.count, 40)
        XCTAssertEqual(ring.validation?.count, 10)
        XCTAssertEqual(session.state.currentData, "ring")
        XCTAssertNil(session.runExpectingSuccess("data xor"))
        XCTAssertEqual(session.state.datasets["xor"]?.training.count, 4)
        XCTAssertEqual(session.state.currentData, "xor")
        XCTAssertNil(session.runExpectingSuccess("use ring"))
        XCTAssertEqual(session.state.currentData, "ring")
    }

    func testBuiltInNamedLikeACommandKeepsItsName() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("data digits"))
        XCTAssertEqual(session.state.currentData, "digits")
        XCTAssertEqual(session.runExpectingSuccess("digits.count"), "1797")
        XCTAssertEqual(session.runExpectingError("data print = xor")?.name, "NameError")
    }

    func testSameSeedSameData() throws {
        let first = Session()
        let second = Session()
        _ = first.runExpectingSuccess("seed 9\ndata m = moons n=30")
        _ = second.runExpectingSuccess("seed 9\ndata m = moons n=30")
        XCTAssertEqual(first.state.datasets["m"]?.training, second.state.datasets["m"]?.training)
    }

    func testInlineData() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("data hand = [[1, 2], [3, 4]] -> [[0], [1]]"))
        let hand = try XCTUnwrap(session.state.datasets["hand"]).training
        XCTAssertEqual(hand.inputs, [1, 2, 3, 4])
        XCTAssertEqual(hand.targets, [0, 1])
        XCTAssertEqual(hand.task, .binary)
        XCTAssertEqual(
            session.runExpectingError("data bad = [[1, 2]] -> [[0], [1]]")?.value,
            "1 input rows but 2 target rows")
        XCTAssertEqual(
            session.runExpectingError("data bad = [[1, 2], [3]] -> [[0], [1]]")?.value,
            "the inputs must be a matrix of numbers with equally long rows")
    }

    func testCSVWithLabelAndSplit() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var text = "a,b,species\n"
        for index in 0..<20 { text += "\(index),\(index * 2),\(index % 2 == 0 ? "x" : "y")\n" }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("data mine = csv \"\(file.path)\" label=species split=0.5"))
        let mine = try XCTUnwrap(session.state.datasets["mine"])
        XCTAssertEqual(mine.training.count, 10)
        XCTAssertEqual(mine.training.featureNames, ["a", "b"])
        XCTAssertEqual(mine.training.classNames, ["x", "y"])
        let wrongLabel = session.runExpectingError("data mine = csv \"\(file.path)\" label=specis")
        XCTAssertEqual(wrongLabel?.name, "ValueError")
        XCTAssertEqual(session.runExpectingError("data m = csv \"/nonexistent/file.csv\"")?.name, "FileError")
    }

    func testUnknownDataSetAndOptionSuggest() {
        let session = Session()
        XCTAssertEqual(session.runExpectingError("data sprial")?.traceback.last, "did you mean 'spiral'?")
        let option = session.runExpectingError("data xor n=5")
        XCTAssertEqual(option?.value, "unknown option 'n' for data set 'xor'")
        XCTAssertEqual(
            session.runExpectingError("data x = circles n=5 noize=0.1")?.traceback.last,
            "did you mean 'noise'?")
    }
}
