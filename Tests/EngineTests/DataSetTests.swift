import XCTest

@testable import Engine

final class DataSetTests: XCTestCase {
    private func numbered(_ count: Int) throws -> Dataset {
        try Dataset(
            name: "numbers", inputs: (0..<count).flatMap { [Double($0), Double($0) * 10] },
            targets: (0..<count).map { Double($0 % 3) }, featureNames: ["i", "ten i"], targetNames: ["class"],
            classNames: ["a", "b", "c"], task: .multiclass(classCount: 3))
    }

    func testShapeChecks() {
        XCTAssertThrowsError(
            try Dataset(
                name: "d", inputs: [1, 2, 3], targets: [0], featureNames: ["a", "b"], targetNames: ["y"],
                task: .regression)
        ) {
            XCTAssertEqual(
                $0 as? DataError, .sizeMismatch(dataset: "d", array: "inputs", columns: 2, valueCount: 3))
        }
        XCTAssertThrowsError(
            try Dataset(
                name: "d", inputs: [1, 2], targets: [0, 1], featureNames: ["a"], targetNames: ["y"],
                task: .binary
            )
            .rows([2])
        ) { XCTAssertEqual($0 as? DataError, .rowOutOfRange(dataset: "d", row: 2, count: 2)) }
        XCTAssertThrowsError(
            try Dataset(
                name: "d", inputs: [1, 2], targets: [0, 2], featureNames: ["a"], targetNames: ["y"],
                task: .binary)
        ) {
            XCTAssertEqual(
                $0 as? DataError, .classIndexOutOfRange(dataset: "d", row: 1, value: 2, classCount: 2))
        }
        XCTAssertThrowsError(
            try Dataset(
                name: "d", inputs: [1, 2], targets: [0], featureNames: ["a"], targetNames: ["y"],
                task: .regression)
        ) {
            XCTAssertEqual(
                $0 as? DataError,
                .rowCountMismatch(dataset: "d", inputRows: 2, targetValues: 1, targetWidth: 1))
        }
        XCTAssertThrowsError(try DatasetGenerators.sine(count: 3, noise: 0, seed: 0).oneHotTargets()) {
            XCTAssertEqual($0 as? DataError, .notClassification(dataset: "sine"))
        }
    }

    func testRowsAndOneHot() throws {
        let data = try numbered(5)
        let picked = try data.rows([4, 0, 4])
        XCTAssertEqual(picked.inputs, [4, 40, 0, 0, 4, 40])
        XCTAssertEqual(picked.targets, [1, 0, 1])
        XCTAssertEqual(try picked.oneHotTargets(), [0, 1, 0, 1, 0, 0, 0, 1, 0])
    }

    func testShuffleIsASeededPermutationOfWholeRows() throws {
        let data = try numbered(20)
        let shuffled = data.shuffled(seed: 3)
        XCTAssertEqual(shuffled, data.shuffled(seed: 3))
        XCTAssertNotEqual(shuffled.inputs, data.inputs)
        XCTAssertEqual(shuffled.inputs.sorted(), data.inputs.sorted())
        XCTAssertEqual(shuffled.summary().classCounts, data.summary().classCounts)
        for row in 0..<shuffled.count {
            let i = shuffled.input(row).first!
            XCTAssertEqual(shuffled.input(row).last!, i * 10)
            XCTAssertEqual(shuffled.target(row).first!, Double(Int(i) % 3))
        }
    }

    func testSplitIsASeededPartition() throws {
        let data = try numbered(10)
        let split = try data.split(validationFraction: 0.3, seed: 7)
        XCTAssertEqual(split.validation.count, 3)
        XCTAssertEqual(split.training.count, 7)
        XCTAssertEqual(split.training.name, "numbers (training)")
        let seen = (split.training.inputs + split.validation.inputs).enumerated().filter {
            $0.offset % 2 == 0
        }
        .map(\.element)
        XCTAssertEqual(seen.sorted(), (0..<10).map(Double.init))
        XCTAssertEqual(try data.split(validationFraction: 0.3, seed: 7), split)
        XCTAssertNotEqual(
            try data.split(validationFraction: 0.3, seed: 8).validation.inputs, split.validation.inputs)
        // Rows stay whole: each input pair keeps its own target.
        for row in 0..<split.training.count {
            let i = split.training.input(row).first!
            XCTAssertEqual(split.training.input(row).last!, i * 10)
            XCTAssertEqual(split.training.target(row).first!, Double(Int(i) % 3))
        }
    }

    func testSplitRefusesBadFractions() throws {
        let data = try numbered(3)
        for fraction in [0, 1, -0.5, 1.5, Double.nan] {
            XCTAssertThrowsError(try data.split(validationFraction: fraction, seed: 0)) {
                guard case .invalidFraction = $0 as? DataError else { return XCTFail("\($0)") }
            }
        }
        XCTAssertThrowsError(try data.split(validationFraction: 0.1, seed: 0)) {
            XCTAssertEqual(
                $0 as? DataError, .splitLeavesEmptyPart(dataset: "numbers", count: 3, validationFraction: 0.1)
            )
        }
    }

    func testSummary() throws {
        let summary = try numbered(6).summary()
        XCTAssertEqual(summary.count, 6)
        XCTAssertEqual(summary.classCounts, [2, 2, 2])
        XCTAssertEqual(
            summary.features[1],
            ColumnSummary(
                name: "ten i", minimum: 0, maximum: 50, mean: 25, standardDeviation: (1750.0 / 6).squareRoot()
            ))
    }

    func testInlineRowsInferBinaryOrRegression() throws {
        let hand = try Dataset.fromRows(name: "hand", inputs: [[0, 1], [1, 1]], targets: [[1], [0]])
        XCTAssertEqual(hand.task, .binary)
        XCTAssertEqual(hand.inputs, [0, 1, 1, 1])
        XCTAssertEqual(hand.featureNames, ["x1", "x2"])
        let values = try Dataset.fromRows(name: "v", inputs: [[0], [1]], targets: [[0.5, 1], [2, 3]])
        XCTAssertEqual(values.task, .regression)
        XCTAssertEqual(values.targetNames, ["y1", "y2"])
        let classes = try Dataset.fromRows(
            name: "c", inputs: [[0], [1]], targets: [[2], [0]], task: .multiclass(classCount: 3))
        XCTAssertEqual(classes.classNames, ["0", "1", "2"])
        XCTAssertThrowsError(try Dataset.fromRows(name: "h", inputs: [[0, 1], [1]], targets: [[1], [0]])) {
            XCTAssertEqual(
                $0 as? DataError, .raggedRow(dataset: "h", part: "inputs", row: 1, expected: 2, found: 1))
        }
        XCTAssertThrowsError(try Dataset.fromRows(name: "h", inputs: [[0]], targets: [[1], [0]])) {
            XCTAssertEqual($0 as? DataError, .rowsDisagree(dataset: "h", inputRows: 1, targetRows: 2))
        }
        XCTAssertThrowsError(try Dataset.fromRows(name: "h", inputs: [], targets: [])) {
            XCTAssertEqual($0 as? DataError, .emptyShape(dataset: "h", features: 0, targets: 0))
        }
    }
}
