import XCTest

@testable import Render

final class MatrixTableTests: XCTestCase {
    func testSmallMatrixIsShownWhole() throws {
        let matrix = try MatrixTable(rows: [[1, -0.5, 0.25], [0, 2, -1e-3]])
        GoldenFile.assertMatches(matrix.table(title: "xor.L1.W").plainText(), named: "matrix-small.txt")
        GoldenFile.assertMatches(matrix.table().markdown(), named: "matrix-small.md")
    }

    func testLargeMatrixIsElidedInTheMiddleWithItsShape() throws {
        let values = (0..<(784 * 256)).map { Double($0 % 1000) / 1000 - 0.5 }
        let matrix = try MatrixTable(values: values, shape: [784, 256])
        let table = matrix.table()
        GoldenFile.assertMatches(table.plainText(), named: "matrix-large.txt")
        GoldenFile.assertMatches(
            try MatrixTable(values: values, shape: [784, 256]).table(style: .ascii).plainText(),
            named: "matrix-large-ascii.txt")
        XCTAssertEqual(table.footnote, "[784, 256], showing 8 of 784 rows and 8 of 256 columns")
        XCTAssertEqual(
            table.columns.map(\.header), ["", "0", "1", "2", "3", "…", "252", "253", "254", "255"])
        XCTAssertEqual(table.rows.count, 9)
        XCTAssertEqual(table.rows[4][0], .text("⋮"))
        XCTAssertEqual(table.rows[8][0], .text("783"))
        XCTAssertEqual(table.rows[8][9], .number(values[783 * 256 + 255]))
    }

    func testElisionRules() {
        let cases: [(count: Int, limit: Int, shown: [Int?])] = [
            (3, 8, [0, 1, 2]),
            (8, 8, [0, 1, 2, 3, 4, 5, 6, 7]),
            (9, 8, [0, 1, 2, 3, nil, 5, 6, 7, 8]),
            (100, 5, [0, 1, 2, nil, 98, 99]),
            (0, 8, []),
        ]
        for entry in cases {
            XCTAssertEqual(
                MatrixTable.shownIndices(count: entry.count, limit: entry.limit), entry.shown, "\(entry)")
        }
    }

    func testVectorIsOneRow() throws {
        let vector = try MatrixTable(values: (0..<20).map { Double($0) * 0.1 }, shape: [20])
        let table = vector.table()
        XCTAssertEqual(table.rows.count, 1)
        XCTAssertEqual(table.footnote, "[20], showing 8 of 20 values")
        GoldenFile.assertMatches(table.plainText(), named: "matrix-vector.txt")
    }

    func testShapeErrorsCarryTheShape() {
        XCTAssertThrowsError(try MatrixTable(values: [1, 2, 3], shape: [2, 2])) { error in
            XCTAssertEqual(error as? RenderError, .matrixShape(shape: [2, 2], valueCount: 3))
            XCTAssertEqual("\(error)", "a matrix of shape [2, 2] needs 4 values but has 3")
        }
        XCTAssertThrowsError(try MatrixTable(rows: [[1, 2], [3]]))
    }
}
