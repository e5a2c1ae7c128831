import XCTest

@testable import Engine

final class LossTests: XCTestCase {
    private func value(
        _ loss: Loss, output: [Double], logits: [Double]? = nil, targets: [Double], shape: [Int]
    ) throws -> Double {
        let a = try Tensor(shape: shape, values: output, dtype: .float64)
        let z = try Tensor(shape: shape, values: logits ?? output, dtype: .float64)
        let t = try Tensor(shape: shape, values: targets, dtype: .float64)
        return try loss.build(output: a, logits: z, targets: t).item
    }

    func testRegressionLossesByHand() throws {
        let output = [0.5, -1.0, 2.0, 0.0]
        let targets = [1.0, 1.0, 1.0, 0.0]
        // Errors −0.5, −2, 1, 0.
        XCTAssertEqual(
            try value(Loss(.mse), output: output, targets: targets, shape: [2, 2]), 5.25 / 4, accuracy: 1e-15)
        XCTAssertEqual(
            try value(Loss(.mse, reduction: .sum), output: output, targets: targets, shape: [2, 2]), 5.25,
            accuracy: 1e-15)
        XCTAssertEqual(
            try value(Loss(.mae), output: output, targets: targets, shape: [2, 2]), 3.5 / 4, accuracy: 1e-15)
        XCTAssertEqual(
            try value(Loss(.halfSumSquared), output: output, targets: targets, shape: [2, 2]), 2.625,
            accuracy: 1e-15)
    }

    func testBinaryCrossEntropyClampsItsLogsAtMinus100() throws {
        XCTAssertEqual(
            try value(Loss(.bce), output: [0, 1], targets: [1, 0], shape: [2, 1]), 100, accuracy: 1e-12)
        let p = 0.8
        XCTAssertEqual(
            try value(Loss(.bce), output: [p], targets: [1], shape: [1, 1]), -Foundation.log(p),
            accuracy: 1e-15)
    }

    func testBCEWithLogitsMatchesBCEOnTheSigmoidAndStaysFinite() throws {
        let logits = [-3.0, 0.2, 4.0]
        let sigmoid = logits.map { (x: Double) -> Double in 1 / (1 + Foundation.exp(-x)) }
        let targets = [0.0, 1.0, 1.0]
        let withLogits = try value(
            Loss(.bceWithLogits), output: sigmoid, logits: logits, targets: targets, shape: [3, 1])
        let plain = try value(Loss(.bce), output: sigmoid, targets: targets, shape: [3, 1])
        XCTAssertEqual(withLogits, plain, accuracy: 1e-14)
        let extreme = try value(
            Loss(.bceWithLogits), output: [1], logits: [-800], targets: [1], shape: [1, 1])
        XCTAssertEqual(extreme, 800, accuracy: 1e-9)
    }

    func testCrossEntropyOverLogits() throws {
        let logits = [1.0, 2.0, 3.0, 0.0, 0.0, 0.0]
        let oneHot = [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]
        let row1 = -(3 - Foundation.log(Foundation.exp(1.0) + Foundation.exp(2.0) + Foundation.exp(3.0)))
        let row2 = Foundation.log(3.0)
        let mean = try value(
            Loss(.crossEntropy), output: logits, logits: logits, targets: oneHot, shape: [2, 3])
        XCTAssertEqual(mean, (row1 + row2) / 2, accuracy: 1e-14)
        let sum = try value(
            Loss(.crossEntropy, reduction: .sum), output: logits, logits: logits, targets: oneHot,
            shape: [2, 3])
        XCTAssertEqual(sum, row1 + row2, accuracy: 1e-14)
    }

    func testClassIndicesAndOneHotTargetsGiveTheSameLoss() throws {
        let network = try Network("3 -> 4 softmax", dtype: .float64, seed: 1)
        let inputs = [0.1, 0.2, 0.3, -1, 0.5, 2]
        let byIndex = try network.computeGradients(
            inputs: inputs, targets: [3, 0], rows: 2, loss: Loss(.crossEntropy))
        let gradByIndex = try network.parameter(named: "L1.W").grad
        let byOneHot = try network.computeGradients(
            inputs: inputs, targets: [0, 0, 0, 1, 1, 0, 0, 0], rows: 2, loss: Loss(.crossEntropy))
        XCTAssertEqual(byIndex, byOneHot)
        XCTAssertEqual(gradByIndex, try network.parameter(named: "L1.W").grad)
        XCTAssertThrowsError(
            try network.computeGradients(inputs: inputs, targets: [4, 0], rows: 2, loss: Loss(.crossEntropy))
        ) {
            XCTAssertEqual($0 as? EngineError, .classIndexOutOfRange(index: 4, classCount: 4))
        }
        XCTAssertThrowsError(
            try network.computeGradients(
                inputs: inputs, targets: [1.5, 0], rows: 2, loss: Loss(.crossEntropy))
        ) {
            XCTAssertEqual($0 as? EngineError, .notAClassIndex(value: 1.5))
        }
        XCTAssertThrowsError(
            try network.computeGradients(
                inputs: inputs, targets: [.nan, 0], rows: 2, loss: Loss(.crossEntropy))
        ) {
            guard case .notAClassIndex(let value) = $0 as? EngineError else { return XCTFail("\($0)") }
            XCTAssertTrue(value.isNaN)
        }
    }

    func testLossShapeMismatchCarriesBothShapes() throws {
        let a = Tensor(zeros: [2, 3], dtype: .float64)
        let t = Tensor(zeros: [2, 1], dtype: .float64)
        XCTAssertThrowsError(try Loss(.mse).build(output: a, logits: a, targets: t)) {
            XCTAssertEqual(
                $0 as? EngineError, .shapeMismatch(operation: "loss mse", left: [2, 3], right: [2, 1]))
        }
    }
}
