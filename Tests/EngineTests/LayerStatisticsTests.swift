import XCTest

@testable import Engine

/// The health measurements on outputs with known answers.
final class LayerStatisticsTests: XCTestCase {
    func testTanhSaturatesPast0_97AndSigmoidAtTheSameSlope() throws {
        let tanh = try Tensor(
            shape: [2, 3], values: [0.96, 0.9701, -0.975, 0.5, -0.969, 1], dtype: .float64)
        XCTAssertEqual(LayerStatistics.saturatedShare(output: tanh, low: -1, high: 1), 3.0 / 6.0)
        let sigmoid = try Tensor(shape: [1, 4], values: [0.01, 0.02, 0.99, 0.984], dtype: .float64)
        XCTAssertEqual(LayerStatistics.saturatedShare(output: sigmoid, low: 0, high: 1), 2.0 / 4.0)
        // σ(x) = (1 + tanh(x/2))/2: a sigmoid output counts exactly when tanh(x/2) would.
        for x in stride(from: -8.0, through: 8.0, by: 0.37) {
            let a = try Tensor(shape: [1, 1], values: [Foundation.tanh(x / 2)], dtype: .float64)
            let s = try Tensor(shape: [1, 1], values: [1 / (1 + Foundation.exp(-x))], dtype: .float64)
            XCTAssertEqual(
                LayerStatistics.saturatedShare(output: a, low: -1, high: 1),
                LayerStatistics.saturatedShare(output: s, low: 0, high: 1), "x = \(x)")
        }
    }

    func testDeadUnitsAreZeroOnEveryRow() throws {
        let relu = try Tensor(shape: [2, 3], values: [0, 1, 0, 0, 0, 2], dtype: .float64)
        XCTAssertEqual(LayerStatistics.deadShare(output: relu), 1.0 / 3.0)
    }
}
