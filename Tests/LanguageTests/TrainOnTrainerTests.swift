import Engine
import XCTest

@testable import Language

/// `train` driven by the engine's `Trainer.run`: what the language adds and what it leaves to the engine.
final class TrainOnTrainerTests: XCTestCase {
    func testClassicTrainIsTheEngineRuleThroughTheTrainer() throws {
        let session = Session()
        _ = session.runExpectingSuccess("dtype f64\ndata and\nnet p = perceptron 2")
        let initial = try XCTUnwrap(session.state.nets["p"]).network.parameters.map(\.scalars)
        _ = session.runExpectingSuccess("train 10 shuffle=false")

        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        for (parameter, values) in zip(network.parameters, initial) { try parameter.assign(values) }
        let and = try Samples(
            inputRows: [[0, 0], [0, 1], [1, 0], [1, 1]], targetRows: [[0], [0], [0], [1]])
        let trainer = Trainer(network: network, rule: .perceptron, learningRate: 1)
        _ = try trainer.run(on: and, TrainingOptions(length: .epochs(10), batchSize: 1, shuffle: false))
        let record = try XCTUnwrap(session.state.nets["p"])
        XCTAssertEqual(record.network.parameters.map(\.scalars), network.parameters.map(\.scalars))
        XCTAssertEqual(record.steps, 40)
        XCTAssertEqual(record.epochs, 10)
    }

    func testTrainingInTwoRunsShufflesAsOneRun() throws {
        let setup = "seed 5\ndata xor\nnet x = 2 -> 3 tanh -> 1 sigmoid\noptim adam lr=0.05"
        let split = Session()
        // The first run ends exactly at an epoch's end: the next order is drawn by the second run.
        _ = split.runExpectingSuccess(setup + "\ntrain steps=4 batch=2\ntrain steps=3 batch=2")
        let whole = Session()
        _ = whole.runExpectingSuccess(setup + "\ntrain steps=7 batch=2")
        let splitWeights = try XCTUnwrap(split.state.nets["x"]).network.parameters.map(\.scalars)
        XCTAssertEqual(splitWeights, try XCTUnwrap(whole.state.nets["x"]).network.parameters.map(\.scalars))
    }

    func testUntilStopStillPutsBackThePatienceBest() throws {
        let session = Session()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "seed 21\ndata ring = circles n=80 noise=0.1\nnet c = 2 -> 6 tanh -> 1 sigmoid\nloss bce\n"
                + "optim adam lr=0.1\ntrain 100 batch=8 patience=50 until=accuracy>=0.95", output: output)
        let summary = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertTrue(summary.contains("accuracy>=0.95 reached"), summary)
        XCTAssertTrue(summary.contains("lowest training loss); its weights restored"), summary)
        let record = try XCTUnwrap(session.state.nets["c"])
        // The counts say how far training went, the weights are the best epoch's.
        XCTAssertEqual(record.steps, record.history.records.last?.step)
    }

    /// A gradient that overflows while the loss is finite stops at its own step under clip=,
    /// where clipping an infinite norm used to turn the weights into NaN without an error.
    func testNonFiniteGradientUnderClipStopsAtItsStep() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "data big = [[1e20]] -> [[0]]\nnet g = 1 -> 1\nset g.L1.W = [[0.1]]\nset g.L1.b = [[0]]")
        let before = try XCTUnwrap(session.state.nets["g"]).network.parameters.map(\.scalars)
        let error = session.runExpectingError("train 2 clip=1")
        XCTAssertEqual(error?.name, "ValueError")
        XCTAssertEqual(error?.value, "the gradient of L1.W became non-finite at step 1 of this run")
        let record = try XCTUnwrap(session.state.nets["g"])
        XCTAssertEqual(record.network.parameters.map(\.scalars), before)
        XCTAssertEqual(record.steps, 0)
    }

    func testNonPositiveClipIsRefusedByTrain() {
        let session = Session()
        _ = session.runExpectingSuccess("data xor\nnet x = 2 -> 1")
        XCTAssertEqual(session.runExpectingError("train 2 clip=0")?.value, "option 'clip' must be positive")
    }
}
