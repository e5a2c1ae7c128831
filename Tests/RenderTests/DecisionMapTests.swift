import Foundation
import XCTest

@testable import Render

final class DecisionMapTests: XCTestCase {
    /// Two interleaved rings of points: a circle classifier gets most of them right.
    static let points: [DecisionMap.Point] = (0..<40).map { index in
        let angle = Double(index) * 0.61
        let radius = index % 2 == 0 ? 0.4 : 0.9
        return DecisionMap.Point(x: radius * cos(angle), y: radius * sin(angle), label: index % 2)
    }

    func testCircleGolden() {
        let map = DecisionMap(
            title: "circles: predicted classes", xRange: -1.2...1.2, yRange: -1.2...1.2, height: 20,
            classNames: ["inside", "outside"], points: Self.points
        ) { x, y in x * x + y * y < 0.45 ? 0 : 1 }
        let text = map.plainText()
        GoldenFile.assertMatches(text, named: "decision-circle.txt")
        for line in text.components(separatedBy: "\n") {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 72, line)
        }
    }

    func testThreeClassesASCIIGolden() {
        let points = [
            DecisionMap.Point(x: -0.8, y: 0.8, label: 0), DecisionMap.Point(x: 0.8, y: 0.8, label: 1),
            DecisionMap.Point(x: 0, y: -0.8, label: 2), DecisionMap.Point(x: 0.01, y: -0.81, label: 0),
        ]
        let map = DecisionMap(
            xRange: -1...1, yRange: -1...1, width: 40, height: 10, points: points, style: .ascii
        ) {
            x, y in y < -0.3 ? 2 : (x < 0 ? 0 : 1)
        }
        let text = map.plainText()
        GoldenFile.assertMatches(text, named: "decision-ascii.txt")
        XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII })
        XCTAssertTrue(text.contains("&"), "a cell with points of two classes is marked")
    }

    func testGridCellsKeepTheirClassAndPointsLandInTheirCells() {
        let map = DecisionMap(
            xRange: 0...4, yRange: 0...2, grid: [[0, 0, 1, 1], [0, 1, 1, 1]],
            points: [.init(x: 0.5, y: 1.5, label: 1), .init(x: 3.5, y: 0.5, label: 0)])
        let rows = map.plainText().components(separatedBy: "\n")
        // Top row holds y in 1...2: the class-1 point at x 0.5 sits in column 0 over region 0.
        XCTAssertTrue(rows[0].hasSuffix("x ··"), rows[0])
        XCTAssertTrue(rows[1].hasSuffix(" ··o"), rows[1])
    }

    func testProbabilitiesBecomeClasses() {
        XCTAssertEqual(
            DecisionMap.classes(fromProbabilities: [[0.1, 0.5], [0.49, 0.99]]), [[0, 1], [0, 1]])
        XCTAssertEqual(
            DecisionMap.classes(fromClassProbabilities: [
                [[0.2, 0.7, 0.1], [0.5, 0.5, 0]], [[0, 0, 1], [0.3, 0.3, 0.4]],
            ]),
            [[1, 0], [2, 2]])
    }

    func testPointsOutsideTheRangeAreLeftOut() {
        let map = DecisionMap(
            xRange: 0...1, yRange: 0...1, grid: [[0, 0], [0, 0]], points: [.init(x: 5, y: 0.5, label: 1)])
        XCTAssertFalse(map.plainText().components(separatedBy: "\n").prefix(2).joined().contains("x"))
    }
}
