import XCTest

@testable import Engine

final class TrainerTests: XCTestCase {
    private let xor = try! Samples(
        inputRows: [[0, 0], [0, 1], [1, 0], [1, 1]], targetRows: [[0], [1], [1], [0]])

    func testXorLearnsWithAdam() throws {
        let network = try Network("2 -> 4 tanh -> 1 sigmoid", seed: 3)
        let trainer = Trainer(network: network, loss: Loss(.bce), optimizer: Adam(learningRate: 0.05))
        let summary = try trainer.train(on: xor, length: .epochs(500), batchSize: 4)
        XCTAssertEqual(summary.ending, .completed)
        XCTAssertEqual(summary.steps, 500)
        XCTAssertLessThan(summary.epochLosses.last!, 0.05)
        let predictions = try network.predict(xor.inputs, rows: 4)
        XCTAssertEqual(predictions.map { $0 > 0.5 ? 1.0 : 0.0 }, [0, 1, 1, 0])
    }

    func testShouldStopEndsBetweenStepsAtTheLastCompleteStep() throws {
        let network = try Network("2 -> 3 tanh -> 1 sigmoid", seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.1))
        var seen = 0
        let summary = try trainer.train(
            on: xor, length: .epochs(100), batchSize: 1, shouldStop: { seen >= 7 }, onStep: { _ in seen += 1 }
        )
        XCTAssertEqual(summary.ending, .cancelled)
        XCTAssertEqual(summary.steps, 7)
        XCTAssertEqual(trainer.stepCount, 7)
    }

    func testStepLengthAndMinibatchesCoverEveryRowOncePerEpoch() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0))
        var batchLosses: [Double] = []
        let summary = try trainer.train(
            on: xor, length: .steps(4), batchSize: 3, onStep: { batchLosses.append($0.loss) })
        XCTAssertEqual(summary.steps, 4)
        XCTAssertEqual(summary.epochLosses.count, 2)
        // With lr 0 the weights stay, so each epoch's rows (3 + 1) give the same total loss.
        let full = try network.lossValue(
            inputs: xor.inputs, targets: xor.targets, rows: 4, loss: Loss(.mse, reduction: .sum))
        let perEpoch = (batchLosses[0] * 3 + batchLosses[1], batchLosses[2] * 3 + batchLosses[3])
        XCTAssertEqual(perEpoch.0, full, accuracy: 1e-12)
        XCTAssertEqual(perEpoch.1, full, accuracy: 1e-12)
    }

    func testDataThatDoesNotFitIsRefusedWithBothSizes() throws {
        let network = try Network("3 -> 2 softmax", seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.crossEntropy), optimizer: SGD(learningRate: 0.1))
        XCTAssertThrowsError(try trainer.train(on: xor, length: .epochs(1), batchSize: 2)) {
            XCTAssertEqual($0 as? EngineError, .dataMismatch(what: "input width", expected: 3, got: 2))
        }
        let wideTargets = try Samples(inputs: [1, 2, 3], targets: [0, 0, 1], count: 1)
        XCTAssertThrowsError(try trainer.train(on: wideTargets, length: .epochs(1), batchSize: 1)) {
            XCTAssertEqual($0 as? EngineError, .dataMismatch(what: "target width", expected: 2, got: 3))
        }
        XCTAssertThrowsError(try trainer.train(on: wideTargets, length: .epochs(1), batchSize: 0)) {
            XCTAssertEqual(
                $0 as? EngineError, .invalidOption(name: "batch", value: 0, expected: .atLeast(1)))
        }
        XCTAssertThrowsError(try network.predict([], rows: 0)) {
            XCTAssertEqual($0 as? EngineError, .dataMismatch(what: "rows", expected: 1, got: 0))
        }
        XCTAssertThrowsError(try network.predict([1, 2], rows: 1)) {
            XCTAssertEqual($0 as? EngineError, .dataMismatch(what: "inputs", expected: 3, got: 2))
        }
        XCTAssertThrowsError(try Samples(inputs: [1, 2, 3], targets: [1], count: 2)) {
            XCTAssertEqual($0 as? EngineError, .dataMismatch(what: "rows", expected: 2, got: 3))
        }
    }

    func testFloat32AndFloat64NetworksAgreeOnOneStep() throws {
        let single = try Network("2 -> 4 tanh -> 3 softmax", dtype: .float32, seed: 6)
        let double = single.converted(to: .float64)
        let inputs = [0.5, -1, 2, 0.25]
        let lossSingle = try single.computeGradients(
            inputs: inputs, targets: [2, 0], rows: 2, loss: Loss(.crossEntropy))
        let lossDouble = try double.computeGradients(
            inputs: inputs, targets: [2, 0], rows: 2, loss: Loss(.crossEntropy))
        XCTAssertEqual(lossSingle, lossDouble, accuracy: 1e-6)
        for (a, b) in zip(single.parameters, double.parameters) {
            for (x, y) in zip(try XCTUnwrap(a.grad), try XCTUnwrap(b.grad)) {
                XCTAssertEqual(x, y, accuracy: 1e-6)
            }
        }
    }

    func testSchedulesCountStepsOrEpochs() throws {
        let network = try Network("2 -> 1", seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 1))
        trainer.schedule = .step(size: 2, gamma: 0.5)
        var rates: [Double] = []
        _ = try trainer.train(
            on: xor, length: .steps(4), batchSize: 2, onStep: { rates.append($0.learningRate) })
        XCTAssertEqual(rates, [1, 1, 0.5, 0.5])
        trainer.schedulesPerEpoch = true
        rates = []
        _ = try trainer.train(
            on: xor, length: .epochs(3), batchSize: 2, onStep: { rates.append($0.learningRate) })
        // Epochs 2, 3 and 4 of the trainer's life (two were done above): ⌊t/2⌋ = 1, 1, 2.
        XCTAssertEqual(rates, [0.5, 0.5, 0.5, 0.5, 0.25, 0.25])
    }

    func testEarlyStoppingRestoresTheBestWeights() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 2)
        // A learning rate far too high: the loss grows from the first epoch on.
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 3))
        let before = network.parameters.map(\.scalars)
        var weightsAfterFirstEpoch: [[Double]] = []
        let summary = try trainer.train(
            on: xor, length: .epochs(50), batchSize: 4, shuffle: false,
            earlyStopping: EarlyStopping(patience: 2),
            onStep: { metrics in
                if metrics.step == 1 { weightsAfterFirstEpoch = network.parameters.map(\.scalars) }
            })
        XCTAssertEqual(summary.ending, .earlyStopped(bestEpoch: 0))
        XCTAssertEqual(summary.epochLosses.count, 3)
        XCTAssertEqual(network.parameters.map(\.scalars), weightsAfterFirstEpoch)
        XCTAssertNotEqual(network.parameters.map(\.scalars), before)
    }

    func testNonFiniteGuardNamesLayerAndTensorAndKeepsWeights() throws {
        let network = try Network("2 -> 3 tanh -> 1 sigmoid", seed: 1)
        try network.parameter(named: "L2.W").assign([1, .nan, 1])
        let before = try network.parameter(named: "L1.W").scalars
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.1))
        XCTAssertThrowsError(try trainer.step(inputs: xor.inputs, targets: xor.targets, rows: 4)) {
            XCTAssertEqual($0 as? EngineError, .nonFinite(layer: "L2", tensor: "L2.W", step: 1))
        }
        XCTAssertEqual(try network.parameter(named: "L1.W").scalars, before)
        XCTAssertEqual(trainer.stepCount, 0)
    }

    func testFullMetrics() throws {
        let network = try Network("2 -> 6 relu -> 3 tanh -> 1 sigmoid", seed: 4)
        try network.parameter(named: "L1.b").assign([-100, -100, 0, 0, 0, 0])
        let trainer = Trainer(network: network, loss: Loss(.bce), optimizer: SGD(learningRate: 0.1))
        trainer.metricsLevel = .full
        let metrics = try trainer.step(inputs: xor.inputs, targets: xor.targets, rows: 4)
        XCTAssertEqual(metrics.layers.map(\.layer), ["L1", "L2", "L3"])
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(metrics.layers[0].deadShare), 2.0 / 6)
        XCTAssertNotNil(metrics.layers[1].saturatedShare)
        XCTAssertNil(metrics.layers[1].deadShare)
        XCTAssertNotNil(metrics.accuracy)
        XCTAssertGreaterThan(try XCTUnwrap(metrics.gradientNorm), 0)
        XCTAssertGreaterThan(metrics.layers[2].updateRatio, 0)
        XCTAssertEqual(
            metrics.layers[0].weightNorm, LayerStatistics.norm(of: try network.parameter(named: "L1.W")))
    }

    func testGradientCheckAgreesForEveryLayerKind() throws {
        let network = try Network(
            "3 -> 5 gelu -> layernorm -> 4 leaky_relu -> dropout 0.3 -> 3 softmax", seed: 8)
        let inputs = [0.3, -1.2, 0.8, 1.5, 0.1, -0.4]
        for loss in [Loss(.crossEntropy), Loss(.mse, reduction: .sum)] {
            let results = try network.gradientCheck(inputs: inputs, targets: [2, 0], rows: 2, loss: loss)
            XCTAssertEqual(results.map(\.parameter), network.parameters.map(\.name))
            for result in results { XCTAssertLessThan(result.worstRelativeError, 1e-5, "\(result)") }
        }
    }

    func testDropoutTrainsWithMasksAndEvaluatesWithout() throws {
        let network = try Network("4 -> 50 -> dropout 0.5 -> 1", dtype: .float64, seed: 2)
        let inputs = [1.0, 2, 3, 4]
        let evaluation = try network.predict(inputs, rows: 1)
        XCTAssertEqual(try network.predict(inputs, rows: 1), evaluation)
        let trained = try network.predict(inputs, rows: 1, training: true)
        XCTAssertNotEqual(trained, evaluation)
        let mask = try XCTUnwrap(network.lastPlan?.traces[1].output.scalars)
        let kept = try XCTUnwrap(network.lastPlan?.traces[1].input.scalars)
        let zeros = mask.filter { $0 == 0 }.count
        XCTAssertGreaterThan(zeros, 10)
        XCTAssertLessThan(zeros, 40)
        for (out, into) in zip(mask, kept) where out != 0 { XCTAssertEqual(out, 2 * into, accuracy: 1e-12) }
    }

    func testTracesKeepDeltasAfterAStep() throws {
        let network = try Network("2 -> 2 sigmoid -> 1 sigmoid", dtype: .float64, seed: 1)
        try network.computeGradients(inputs: [1, 0], targets: [1], rows: 1, loss: Loss(.halfSumSquared))
        let traces = try XCTUnwrap(network.lastPlan?.traces)
        XCTAssertTrue(try XCTUnwrap(network.trace(of: "l2")).output === traces[1].output)
        XCTAssertNil(network.trace(of: "L3"))
        let a2 = traces[1].output.item
        // The 1986 output delta: δ = (a − t)·a·(1 − a).
        XCTAssertEqual(try XCTUnwrap(traces[1].delta)[0], (a2 - 1) * a2 * (1 - a2), accuracy: 1e-15)
        // Hidden: δ₁ = (δ₂ · W₂ᵀ) ⊙ a₁(1 − a₁).
        let w2 = try network.parameter(named: "L2.W").scalars
        let a1 = traces[0].output.scalars
        let hidden = try XCTUnwrap(traces[0].delta)
        for j in 0..<2 {
            XCTAssertEqual(hidden[j], traces[1].delta![0] * w2[j] * a1[j] * (1 - a1[j]), accuracy: 1e-15)
        }
    }

    func testConvertedNetworkKeepsWeightsAndValidationLossIsComputed() throws {
        let network = try Network("2 -> 3 tanh -> 1", seed: 1)
        let wide = network.converted(to: .float64)
        XCTAssertEqual(wide.dtype, .float64)
        XCTAssertEqual(
            try wide.parameter(named: "L1.W").scalars, try network.parameter(named: "L1.W").scalars)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.1))
        let summary = try trainer.train(on: xor, length: .epochs(3), batchSize: 2, validation: xor)
        XCTAssertEqual(summary.validationLosses.count, 3)
        XCTAssertEqual(summary.validationLosses.last!, try trainer.evaluate(xor), accuracy: 1e-7)
    }
}
