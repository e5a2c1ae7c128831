import Foundation
import XCTest

@testable import Render

final class HeatmapTests: XCTestCase {
    func testShadesFollowSignAndMagnitude() {
        let cases: [(value: Double, shade: Character)] = [
            (0, " "), (0.1, "░"), (0.26, "▒"), (0.6, "▓"), (1, "█"),
            (-0.1, "-"), (-0.4, "="), (-0.7, "≡"), (-1, "■"), (.nan, "?"),
        ]
        for entry in cases {
            XCTAssertEqual(
                Heatmap.shade(entry.value, largest: 1, style: .unicode), entry.shade, "\(entry.value)")
        }
        XCTAssertEqual(Heatmap.shade(-1, largest: 1, style: .ascii), "@")
        XCTAssertEqual(Heatmap.shade(1, largest: 1, style: .ascii), "#")
    }

    static func weights(rows: Int, columns: Int) -> [Double] {
        (0..<(rows * columns)).map { index in
            let (row, column) = (Double(index / columns), Double(index % columns))
            return sin(row * 0.7 + 0.4) * cos(column * 0.5) * 1.5
        }
    }

    func testSmallMatrixGolden() throws {
        let heatmap = try Heatmap(
            title: "xor.L1.W", values: Self.weights(rows: 6, columns: 10), shape: [6, 10])
        GoldenFile.assertMatches(heatmap.plainText(), named: "heatmap-small.txt")
    }

    func testLabelsAndASCIIGolden() throws {
        let heatmap = try Heatmap(
            values: Self.weights(rows: 3, columns: 4), shape: [3, 4], rowLabels: ["in0", "in1", "bias"],
            columnLabels: ["h0", "h1", "h2", "h3"], style: .ascii)
        let text = heatmap.plainText()
        GoldenFile.assertMatches(text, named: "heatmap-ascii.txt")
        XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    func testLargeMatrixIsAveragedInBlocksAndSaysSo() throws {
        let values = (0..<(784 * 256)).map { (index: Int) -> Double in
            let row = Double(index / 256)
            let column = Double(index % 256)
            return sin(row / 150) * cos(column / 50) - 0.2
        }
        let heatmap = try Heatmap(values: values, shape: [784, 256])
        let text = heatmap.plainText()
        GoldenFile.assertMatches(text, named: "heatmap-large.txt")
        XCTAssertTrue(text.contains("[784, 256], shown as 32 × 64 means of 25 × 4 blocks"), text)
        for line in text.components(separatedBy: "\n") {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 72, line)
        }
    }

    func testBlockMeans() {
        let means = Heatmap.blockMeans(
            [1, 2, 3, 4, 5, 6, 7, 8, 9], rows: 3, columns: 3, rowBlock: 2, columnBlock: 2)
        XCTAssertEqual(means, [3, 4.5, 7.5, 9])
    }

    func testShapeMustMatch() {
        XCTAssertThrowsError(try Heatmap(values: [1, 2, 3], shape: [2, 2])) { error in
            XCTAssertEqual(error as? RenderError, .matrixShape(shape: [2, 2], valueCount: 3))
        }
    }
}
