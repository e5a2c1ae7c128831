import XCTest

@testable import Engine

final class NetworkSpecTests: XCTestCase {
    func testValidSpecsParseAndPrintBack() throws {
        let table: [(text: String, input: Int, layers: [NetworkSpec.LayerSpec], canonical: String)] = [
            (
                "2 -> 4 tanh -> 1 sigmoid", 2,
                [.dense(width: 4, activation: .tanh), .dense(width: 1, activation: .sigmoid)],
                "2 -> 4 tanh -> 1 sigmoid"
            ),
            ("3->2", 3, [.dense(width: 2, activation: .identity)], "3 -> 2"),
            (
                "4 -> 8 ReLU -> dropout 0.5 -> layernorm -> 3 softmax", 4,
                [
                    .dense(width: 8, activation: .relu), .dropout(probability: 0.5), .layerNorm,
                    .dense(width: 3, activation: .softmax),
                ],
                "4 -> 8 relu -> dropout 0.5 -> layernorm -> 3 softmax"
            ),
            (
                "2 -> 5 leaky_relu(0.2) -> 1 linear", 2,
                [
                    .dense(width: 5, activation: .leakyRelu(slope: 0.2)),
                    .dense(width: 1, activation: .identity),
                ],
                "2 -> 5 leaky_relu(0.2) -> 1"
            ),
            (
                "2 -> 3 gelu -> 1", 2,
                [.dense(width: 3, activation: .gelu), .dense(width: 1, activation: .identity)],
                "2 -> 3 gelu -> 1"
            ),
        ]
        for row in table {
            let spec = try NetworkSpec(parsing: row.text)
            XCTAssertEqual(spec.inputWidth, row.input, row.text)
            XCTAssertEqual(spec.layers, row.layers, row.text)
            XCTAssertEqual(spec.description, row.canonical, row.text)
            XCTAssertEqual(try NetworkSpec(parsing: spec.description), spec, row.text)
        }
    }

    func testErrorsNameTheTokenAndWhatWasExpected() {
        let table: [(text: String, error: NetworkSpecError)] = [
            ("", .empty),
            ("two -> 1", .expected(token: "two", segment: 0, expected: .positiveWidth)),
            ("2 -> 0 tanh", .expected(token: "0", segment: 1, expected: .positiveWidth)),
            ("2 -> 4 tahn -> 1", .unknownActivation(token: "tahn", segment: 1, valid: Activation.names)),
            ("2 -> 4 tanh extra", .expected(token: "extra", segment: 1, expected: .tiedOrEnd)),
            ("2 -> -> 1", .emptySegment(segment: 1)),
            ("2 -> dropout 1.5 -> 1", .expected(token: "1.5", segment: 1, expected: .probability)),
            ("2", .noLayers),
        ]
        for row in table {
            XCTAssertThrowsError(try NetworkSpec(parsing: row.text), row.text) { error in
                XCTAssertEqual(error as? NetworkSpecError, row.error, row.text)
            }
        }
    }

    func testNetworkNamesLayersAndParameters() throws {
        let network = try Network("2 -> 4 tanh -> dropout 0.1 -> 1 sigmoid")
        XCTAssertEqual(network.layers.map(\.name), ["L1", "L2", "L3"])
        XCTAssertEqual(network.parameters.map(\.name), ["L1.W", "L1.b", "L3.W", "L3.b"])
        XCTAssertEqual(try network.parameter(named: "l1.w").shape, [2, 4])
        XCTAssertThrowsError(try network.parameter(named: "L2.W")) { error in
            XCTAssertEqual(
                error as? EngineError,
                .unknownParameter(name: "L2.W", valid: ["L1.W", "L1.b", "L3.W", "L3.b"]))
        }
        XCTAssertThrowsError(try Network("2 -> x")) { error in
            XCTAssertEqual(
                error as? EngineError,
                .invalidSpec(.expected(token: "x", segment: 1, expected: .positiveWidth)))
        }
    }
}

final class NetworkEditingTests: XCTestCase {
    func testFreezingALayerKeepsItsWeightsWhileOthersTrain() throws {
        let network = try Network("2 -> 3 tanh -> 1", dtype: .float64, seed: 1)
        try network.setFrozen(true, layer: "L1")
        let frozenBefore = try network.parameter(named: "L1.W").scalars
        let liveBefore = try network.parameter(named: "L2.W").scalars
        let trainer = Trainer(
            network: network, loss: Loss(.mse),
            optimizer: SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1))
        for _ in 0..<3 { try trainer.step(inputs: [1, 2, 3, 4], targets: [1, 0], rows: 2) }
        XCTAssertEqual(try network.parameter(named: "L1.W").scalars, frozenBefore)
        XCTAssertNotEqual(try network.parameter(named: "L2.W").scalars, liveBefore)
        // No gradient flows into a frozen parameter, as with requires_grad=False in PyTorch.
        XCTAssertNil(try network.parameter(named: "L1.W").grad)
        XCTAssertNil(try network.parameter(named: "L1.b").grad)
        XCTAssertNotNil(try network.parameter(named: "L2.W").grad)
        // Unfrozen, the same plan (built while L1 was frozen) gives it one again: the same
        // gradient a net that was never frozen computes.
        try network.setFrozen(false, layer: "L1")
        try trainer.step(inputs: [1, 2, 3, 4], targets: [1, 0], rows: 2)
        XCTAssertNotEqual(try network.parameter(named: "L1.W").scalars, frozenBefore)
        let reference = try Network("2 -> 3 tanh -> 1", dtype: .float64, seed: 1)
        for (target, source) in zip(reference.parameters, network.parameters) {
            try target.assign(source.scalars)
        }
        _ = try network.computeGradients(inputs: [1, 2, 3, 4], targets: [1, 0], rows: 2, loss: Loss(.mse))
        _ = try reference.computeGradients(inputs: [1, 2, 3, 4], targets: [1, 0], rows: 2, loss: Loss(.mse))
        XCTAssertEqual(network.parameters.map(\.grad), reference.parameters.map(\.grad))
        XCTAssertThrowsError(try network.setFrozen(true, layer: "L9")) {
            XCTAssertEqual($0 as? EngineError, .unknownParameter(name: "L9", valid: ["L1", "L2"]))
        }
    }

    func testLayerLearningRateAndSnapshots() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        let saved = network.snapshot()
        try network.setLearningRate(0, layer: "L1")
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 1))
        try trainer.step(inputs: [1, 2], targets: [5], rows: 1)
        XCTAssertEqual(network.snapshot(), saved)
        try network.setValues([0.5, -0.5], parameter: "L1.W")
        XCTAssertNotEqual(network.snapshot(), saved)
        try network.restore(saved)
        XCTAssertEqual(network.snapshot(), saved)
        XCTAssertThrowsError(try network.setValues([1], parameter: "L1.W")) {
            XCTAssertEqual($0 as? EngineError, .valueCountMismatch(shape: [2, 1], expected: 2, got: 1))
        }
    }
}
