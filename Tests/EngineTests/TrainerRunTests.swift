import XCTest

@testable import Engine

/// `Trainer.run`: the per-step report and decision, cancellation, restoring the best epoch.
final class TrainerRunTests: XCTestCase {
    private let xor = try! Samples(
        inputRows: [[0, 0], [0, 1], [1, 0], [1, 1]], targetRows: [[0], [1], [1], [0]])

    func testEachStepIsReportedAndTheCallerCanStop() throws {
        let network = try Network("2 -> 3 tanh -> 1 sigmoid", seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.1))
        var reports: [TrainingStepReport] = []
        let summary = try trainer.run(on: xor, TrainingOptions(length: .epochs(3), batchSize: 3)) { report in
            reports.append(report)
            return report.point.steps == 5 ? .stop : .proceed
        }
        XCTAssertEqual(summary.ending, .stoppedByCaller)
        XCTAssertEqual(summary.steps, 5)
        XCTAssertEqual(trainer.stepCount, 5)
        XCTAssertEqual(reports.map(\.point.steps), [1, 2, 3, 4, 5])
        // Batches of 3 and 1 make an epoch of two steps.
        XCTAssertEqual(reports.map(\.endsEpoch), [false, true, false, true, false])
        XCTAssertEqual(reports.map(\.point.epochs), [0, 1, 1, 2, 2])
        XCTAssertEqual(reports.map(\.totalSteps), Array(repeating: 6, count: 5))
        XCTAssertEqual(reports.map(\.metrics.step), [1, 2, 3, 4, 5])
    }

    func testCancellationKeepsTheWeightsOfTheLastCompleteStep() throws {
        let network = try Network("2 -> 3 tanh -> 1 sigmoid", seed: 2)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.5))
        var steps = 0
        var weightsAfterLastStep: [[Double]] = []
        let summary = try trainer.run(
            on: xor, TrainingOptions(length: .epochs(100), batchSize: 1),
            onStep: { _ in
                steps += 1
                weightsAfterLastStep = network.parameters.map(\.scalars)
                return .proceed
            }, shouldStop: { steps == 9 })
        XCTAssertEqual(summary.ending, .cancelled)
        XCTAssertEqual(summary.steps, 9)
        XCTAssertEqual(network.parameters.map(\.scalars), weightsAfterLastStep)
    }

    func testStoppingByTheCallerStillRestoresTheBestEpochOnTrainingDataLoss() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 2)
        // A learning rate far too high: the loss over the data grows after the first epoch.
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 3))
        var lossesOnData: [Double] = []
        var weightsByEpoch: [[[Double]]] = []
        let options = TrainingOptions(
            length: .epochs(50), batchSize: 4, shuffle: false,
            earlyStopping: EarlyStopping(patience: 10, measure: .lossOnTrainingData))
        let summary = try trainer.run(on: xor, options) { report in
            lossesOnData.append(try trainer.evaluate(self.xor))
            weightsByEpoch.append(network.parameters.map(\.scalars))
            return report.point.epochs == 4 ? .stop : .proceed
        }
        XCTAssertEqual(summary.ending, .stoppedByCaller)
        let best = lossesOnData.indices.min { lossesOnData[$0] < lossesOnData[$1] }!
        XCTAssertLessThan(best, 3)
        XCTAssertEqual(summary.restored, TrainingPoint(steps: best + 1, epochs: best + 1))
        XCTAssertEqual(network.parameters.map(\.scalars), weightsByEpoch[best])
    }

    func testNoRestoreWhenTheLastEpochIsTheBest() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 2)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.01))
        let summary = try trainer.run(
            on: xor,
            TrainingOptions(
                length: .epochs(5), batchSize: 4,
                earlyStopping: EarlyStopping(patience: 2, measure: .lossOnTrainingData)))
        XCTAssertEqual(summary.ending, .completed)
        XCTAssertNil(summary.restored)
    }

    func testShufflingDrawsAnOrderOnlyForEpochsThatTakeAStep() throws {
        let network = try Network("2 -> 1", seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.1), seed: 9)
        // Exactly two epochs of steps: two orders, not a third for an epoch that never starts.
        _ = try trainer.run(on: xor, TrainingOptions(length: .steps(4), batchSize: 2))
        var expected = RandomSource(seed: 9)
        _ = expected.permutation(4)
        _ = expected.permutation(4)
        XCTAssertEqual(trainer.random.nextUniform(), expected.nextUniform())
    }

    func testPerceptronRuleThroughTheTrainerMatchesTheClassicUnit() throws {
        let and = try Samples(inputRows: xor.inputRows, targetRows: [[0], [0], [0], [1]])
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        try network.parameter(named: "L1.W").assign([0, 0])
        try network.parameter(named: "L1.b").assign([0])
        let trainer = Trainer(network: network, rule: .perceptron, learningRate: 0.5)
        var unit = Perceptron(inputs: 2)
        let summary = try trainer.run(
            on: and, TrainingOptions(length: .epochs(20), batchSize: 1, shuffle: false))
        for _ in 0..<20 { unit.epoch(on: and, rate: 0.5) }
        XCTAssertEqual(summary.steps, 80)
        XCTAssertEqual(try network.parameter(named: "L1.W").scalars, unit.weights)
        XCTAssertEqual(try network.parameter(named: "L1.b").scalars, [unit.bias])
        XCTAssertEqual(try trainer.evaluate(and), 0)
    }

    func testPerceptronRuleThroughTheTrainerNeverSettlesOnXor() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        let trainer = Trainer(network: network, rule: .perceptron, learningRate: 1)
        var epochLosses: [Double] = []
        _ = try trainer.run(on: xor, TrainingOptions(length: .epochs(100), batchSize: 1)) { report in
            if report.endsEpoch { epochLosses.append(try trainer.evaluate(self.xor)) }
            return .proceed
        }
        XCTAssertEqual(epochLosses.count, 100)
        XCTAssertTrue(epochLosses.allSatisfy { $0 > 0 })
    }

    func testLMSRuleOnWholeBatchesReachesTheLeastSquaresSolution() throws {
        // Bipolar AND: least squares gives w = (0.5, 0.5), b = −0.5 (the columns are orthogonal).
        let bipolarAnd = try Samples(
            inputRows: [[-1, -1], [-1, 1], [1, -1], [1, 1]], targetRows: [[-1], [-1], [-1], [1]])
        let network = try Network("2 -> 1", dtype: .float64, seed: 4)
        let trainer = Trainer(network: network, rule: .lms, learningRate: 0.05)
        _ = try trainer.run(on: bipolarAnd, TrainingOptions(length: .epochs(300), batchSize: 4))
        let weights = try network.parameter(named: "L1.W").scalars
        XCTAssertEqual(weights[0], 0.5, accuracy: 1e-9)
        XCTAssertEqual(weights[1], 0.5, accuracy: 1e-9)
        XCTAssertEqual(try network.parameter(named: "L1.b").scalars[0], -0.5, accuracy: 1e-9)
        XCTAssertEqual(try trainer.evaluate(bipolarAnd), 0.25, accuracy: 1e-9)
    }

    func testClassicRuleNonFiniteLossIsRefusedBeforeTheUpdate() throws {
        let big = try Samples(inputRows: [[1e200, 1e200]], targetRows: [[1]])
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        try network.parameter(named: "L1.W").assign([1e200, 1e200])
        let before = network.parameters.map(\.scalars)
        let trainer = Trainer(network: network, rule: .lms, learningRate: 0.1)
        XCTAssertThrowsError(try trainer.run(on: big, TrainingOptions(length: .steps(1), batchSize: 1))) {
            guard case EngineError.nonFinite = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(trainer.lastLoss, .infinity)
        XCTAssertEqual(network.parameters.map(\.scalars), before)
    }

    func testClippingAppliesToTheClassicRules() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        try network.parameter(named: "L1.W").assign([0, 0])
        try network.parameter(named: "L1.b").assign([0])
        let trainer = Trainer(network: network, rule: .lms, learningRate: 1)
        trainer.clipNorm = 0.5
        // z = 0, target 3: g = (−3, −6, −3) of norm √54, scaled to norm 0.5 before the update.
        try trainer.step(inputs: [1, 2], targets: [3], rows: 1)
        let scale = 0.5 / (54.0.squareRoot() + 1e-6)
        let weights = try network.parameter(named: "L1.W").scalars
        XCTAssertEqual(weights[0], 3 * scale, accuracy: 1e-12)
        XCTAssertEqual(weights[1], 6 * scale, accuracy: 1e-12)
    }

    /// A caller that logs its own history can run for ever: without `keepsEpochLosses` the
    /// summary holds no per-epoch list, and early stopping on the mean step loss still works.
    func testWithoutEpochLossesTheSummaryStaysEmptyAndEarlyStoppingStillWatches() throws {
        func run(keeping: Bool) throws -> (TrainingSummary, [[Double]]) {
            let network = try Network("2 -> 3 tanh -> 1 sigmoid", seed: 3)
            let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.5))
            let options = TrainingOptions(
                length: .epochs(300), batchSize: 4, shuffle: false,
                earlyStopping: EarlyStopping(patience: 3, minimumDelta: 1e-3), keepsEpochLosses: keeping)
            let summary = try trainer.run(on: xor, options) { _ in .proceed }
            return (summary, network.parameters.map(\.scalars))
        }
        let (kept, keptWeights) = try run(keeping: true)
        let (bare, bareWeights) = try run(keeping: false)
        XCTAssertEqual(kept.epochLosses.count, kept.steps)
        XCTAssertTrue(bare.epochLosses.isEmpty)
        XCTAssertTrue(bare.validationLosses.isEmpty)
        XCTAssertEqual(bare.ending, kept.ending)
        XCTAssertEqual(bare.steps, kept.steps)
        XCTAssertEqual(bareWeights, keptWeights)
    }
}
