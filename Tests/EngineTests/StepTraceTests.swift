import XCTest

@testable import Engine

/// `Trainer.explainedStep` is `step` with its values copied out, and `DataCursor` is the one
/// place batches come from.
final class StepTraceTests: XCTestCase {
    private let inputs: [Double] = [0, 0, 0, 1, 1, 0, 1, 1]
    private let targets: [Double] = [0, 1, 1, 0]

    /// The explained step changes the weights bit for bit as the plain one, for every optimizer.
    func testExplainedStepIsTheSameStep() throws {
        let optimizers: [() -> any Optimizer] = [
            { SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01) },
            { Adam(learningRate: 0.01) }, { Adam.adamW(learningRate: 0.01) },
            { RMSprop(learningRate: 0.01, momentum: 0.5) }, { Adagrad(learningRate: 0.1) },
        ]
        for make in optimizers {
            let plain = try Network("2 -> 4 tanh -> dropout 0.25 -> 1 sigmoid", seed: 7)
            let explained = try Network("2 -> 4 tanh -> dropout 0.25 -> 1 sigmoid", seed: 7)
            let plainTrainer = Trainer(network: plain, loss: Loss(.bce), optimizer: make())
            let explainedTrainer = Trainer(network: explained, loss: Loss(.bce), optimizer: make())
            explainedTrainer.clipNorm = 10
            plainTrainer.clipNorm = 10
            for _ in 0..<3 {
                let metrics = try plainTrainer.step(inputs: inputs, targets: targets, rows: 4)
                let trace = try explainedTrainer.explainedStep(inputs: inputs, targets: targets, rows: 4)
                XCTAssertEqual(trace.loss, metrics.loss)
                XCTAssertEqual(trace.update.parameters.map(\.after), plain.parameters.map(\.scalars))
                XCTAssertEqual(trace.update.parameters.map(\.after), explained.parameters.map(\.scalars))
                XCTAssertTrue(trace.pass.training)
                XCTAssertEqual(trace.pass.layers.map(\.layer), ["L1", "L2", "L3"])
                XCTAssertNotNil(trace.pass.layers[0].delta)
            }
        }
    }

    /// The step taken apart (`explainedPass` with its backward, then `explainedUpdate`, each on
    /// a trainer of its own as the commands make them) is the step, bit for bit: the same
    /// dropout masks, clipping, optimizer state and explanation.
    func testAPassThenAnUpdateIsTheStep() throws {
        let optimizers: [() -> any Optimizer] = [
            { SGD(learningRate: 0.1, momentum: 0.9) }, { Adam.adamW(learningRate: 0.01) },
        ]
        for make in optimizers {
            let whole = try Network("2 -> 4 tanh -> dropout 0.25 -> 1 sigmoid", seed: 7)
            let parts = try Network("2 -> 4 tanh -> dropout 0.25 -> 1 sigmoid", seed: 7)
            let wholeTrainer = Trainer(network: whole, loss: Loss(.bce), optimizer: make())
            wholeTrainer.clipNorm = 0.05
            wholeTrainer.metricsLevel = .full
            let optimizer = make()
            for _ in 0..<3 {
                let step = try wholeTrainer.explainedStep(inputs: inputs, targets: targets, rows: 4)
                let passTrainer = Trainer(network: parts, loss: Loss(.bce), optimizer: optimizer)
                let (loss, pass) = try passTrainer.explainedPass(
                    inputs: inputs, targets: targets, rows: 4, backpropagate: true)
                let updateTrainer = Trainer(network: parts, loss: Loss(.bce), optimizer: optimizer)
                updateTrainer.clipNorm = 0.05
                updateTrainer.metricsLevel = .full
                let (update, layers) = try updateTrainer.explainedUpdate(after: pass)
                XCTAssertEqual(loss, step.loss)
                XCTAssertEqual(pass, step.pass)
                XCTAssertEqual(update, step.update)
                XCTAssertEqual(layers, step.layers)
                XCTAssertEqual(parts.parameters.map(\.scalars), whole.parameters.map(\.scalars))
                // The clip bit: the norm is above 0.05, so the gradients were scaled.
                XCTAssertLessThan(try XCTUnwrap(update.clipScale), 1)
            }
        }
    }

    /// An update of gradients that are not finite is refused, naming the parameter, and leaves
    /// the weights as they were.
    func testAnUpdateRefusesANonFiniteGradient() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.1))
        _ = try trainer.explainedPass(inputs: [1, 2], targets: [5], rows: 1, backpropagate: true)
        network.parameters[1].gradStorage?.setElement(0, .nan)
        let before = network.parameters.map(\.scalars)
        XCTAssertThrowsError(try trainer.explainedUpdate(after: nil)) {
            XCTAssertEqual($0 as? EngineError, .nonFiniteGradient(of: "L1.b", layer: "L1", step: 1))
        }
        XCTAssertEqual(network.parameters.map(\.scalars), before)
    }

    /// The trace is a copy: another pass on the same plan leaves it as the step showed it.
    func testTraceIsNotChangedByLaterPasses() throws {
        let network = try Network("2 -> 3 tanh -> 1 sigmoid", seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.5))
        let trace = try trainer.explainedStep(inputs: inputs, targets: targets, rows: 4)
        let shown = trace.pass.layers[0].output
        _ = try network.predict(inputs, rows: 4)
        XCTAssertEqual(trace.pass.layers[0].output, shown)
        XCTAssertNotEqual(network.lastPass(training: false, backpropagated: false)?.layers[0].output, shown)
    }

    /// An update that overflows is refused with the parameter's name.
    func testAnOverflowingUpdateIsRefused() throws {
        let network = try Network("2 -> 1", dtype: .float32, seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 1e200))
        XCTAssertThrowsError(try trainer.step(inputs: [1, 2], targets: [5], rows: 1)) {
            XCTAssertEqual(
                $0 as? EngineError, .nonFinite(layer: "L1", tensor: "L1.W after the update", step: 1))
        }
    }

    func testAdamExplainsItsBiasCorrections() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: Adam(learningRate: 0.1))
        _ = try trainer.explainedStep(inputs: [1, 2], targets: [5], rows: 1)
        let trace = try trainer.explainedStep(inputs: [1, 2], targets: [5], rows: 1)
        let update = try XCTUnwrap(trace.update.parameters[0].update)
        let scalars = Dictionary(uniqueKeysWithValues: update.scalars.map { ($0.name, $0.value) })
        XCTAssertEqual(scalars["t"], 2)
        XCTAssertEqual(scalars["1 − β₁ᵗ"] ?? 0, 1 - 0.81, accuracy: 1e-15)
        XCTAssertEqual(scalars["1 − β₂ᵗ"] ?? 0, 1 - 0.999 * 0.999, accuracy: 1e-15)
        XCTAssertEqual(update.buffers.map(\.name), ["m (first moment)", "v (second moment)"])
    }

    /// Batches walk the epoch's order; the last may be smaller; the next epoch draws anew.
    func testCursorWalksEpochsAndResumes() {
        var random = RandomSource(seed: 3)
        var cursor: DataCursor?
        var batches: [[Int]] = []
        var ends: [Bool] = []
        for _ in 0..<4 {
            let (rows, endsEpoch) = DataCursor.nextBatch(
                &cursor, rowCount: 5, batchSize: 2, shuffle: false, random: &random)
            batches.append(Array(rows))
            ends.append(endsEpoch)
        }
        XCTAssertEqual(batches, [[0, 1], [2, 3], [4], [0, 1]])
        XCTAssertEqual(ends, [false, false, true, false])
        XCTAssertEqual(cursor?.position, 2)
        // A data set of another size starts a new epoch.
        let (rows, _) = DataCursor.nextBatch(
            &cursor, rowCount: 3, batchSize: 2, shuffle: false, random: &random)
        XCTAssertEqual(Array(rows), [0, 1])
    }

    /// Two runs of one step take the batches one run of two steps takes.
    func testRunsContinueTheCursor() throws {
        let samples = try Samples(
            inputRows: (0..<7).map { [Double($0), 1] }, targetRows: (0..<7).map { [Double($0 % 2)] })
        func trained(_ runs: [Int]) throws -> [[Double]] {
            let network = try Network("2 -> 3 tanh -> 1 sigmoid", seed: 4)
            let trainer = Trainer(
                network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.3), seed: 9)
            for steps in runs {
                _ = try trainer.run(on: samples, TrainingOptions(length: .steps(steps), batchSize: 3))
            }
            return network.parameters.map(\.scalars)
        }
        XCTAssertEqual(try trained([1, 1, 1, 1]), try trained([4]))
        XCTAssertEqual(try trained([2, 2]), try trained([4]))
    }
}
