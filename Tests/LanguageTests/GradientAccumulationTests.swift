import Engine
import XCTest

@testable import Language

/// `train accum=K`: K batches' gradients make one step, the step of one batch K times as large.
final class GradientAccumulationTests: XCTestCase {
    private func weights(after training: String, data: String) throws -> (weights: [[Double]], steps: Int) {
        let session = Session()
        _ = session.runExpectingSuccess(
            """
            dtype f64
            seed 7
            \(data)
            net n = 2 -> 3 tanh -> 1 sigmoid
            optim adam lr=0.05
            \(training)
            """)
        let record = try XCTUnwrap(session.state.nets["n"])
        return (record.network.parameters.map(\.scalars), record.steps)
    }

    private func assertClose(
        _ a: [[Double]], _ b: [[Double]], file: StaticString = #filePath, line: UInt = #line
    ) {
        for (x, y) in zip(a.joined(), b.joined()) {
            XCTAssertEqual(x, y, accuracy: 1e-14, file: file, line: line)
        }
    }

    func testTwoBatchesOfTwoStepAsOneBatchOfFour() throws {
        let accumulated = try weights(after: "train steps=3 batch=2 accum=2 shuffle=false", data: "data xor")
        let whole = try weights(after: "train steps=3 batch=4 shuffle=false", data: "data xor")
        XCTAssertEqual(accumulated.steps, 3)
        assertClose(accumulated.weights, whole.weights)
        let plain = try weights(after: "train steps=3 batch=2 shuffle=false", data: "data xor")
        XCTAssertNotEqual(plain.weights, whole.weights, "without accumulation the steps differ")
    }

    /// Five rows in batches of 2, 2 and 1: each batch counts by its rows, so the step is still
    /// the five rows' mean gradient.
    func testUnevenBatchesCountByTheirRows() throws {
        let data = "data five = [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5]] -> [0, 1, 1, 0, 1]"
        let accumulated = try weights(after: "train steps=2 batch=2 accum=3 shuffle=false", data: data)
        let whole = try weights(after: "train steps=2 batch=5 shuffle=false", data: data)
        assertClose(accumulated.weights, whole.weights)
    }

    func testEpochsCountTheStepsOfAccumulatedBatches() throws {
        // 4 rows in batches of 1, 2 per step: 2 steps an epoch.
        let run = try weights(after: "train 3 batch=1 accum=2 shuffle=false", data: "data xor")
        XCTAssertEqual(run.steps, 6)
    }

    func testAccumulationNeedsGradients() {
        let session = Session()
        _ = session.runExpectingSuccess("data and\nnet p = perceptron 2")
        XCTAssertEqual(
            session.runExpectingError("train 1 accum=2")?.value,
            "accum= adds gradients, and the perceptron and ADALINE rules have none to add")
        XCTAssertEqual(session.runExpectingError("train 1 accum=0")?.name, "ValueError")
    }
}
