import XCTest

@testable import Engine

final class ClassicRuleTests: XCTestCase {
    func testGradientsAreMinusErrorTimesInputSummedOverRows() {
        // z = 0.5 → perceptron y = 1, LMS y = 0.5; z = −2 → y = 0 and −2. Targets 0 and 1.
        let inputs: [Double] = [1, 2, 3, -1]
        let perceptron = ClassicRule.perceptron.gradients(
            netInputs: [0.5, -2], inputs: inputs, targets: [0, 1], rows: 2)
        // Errors −1 and 1: g_W = −(−1·(1, 2) + 1·(3, −1)) = (−2, 3), g_b = −(−1 + 1) = 0.
        XCTAssertEqual(perceptron.weights, [-2, 3])
        XCTAssertEqual(perceptron.bias, 0)
        XCTAssertEqual(perceptron.meanSquaredError, 1)
        let lms = ClassicRule.lms.gradients(netInputs: [0.5, -2], inputs: inputs, targets: [0, 1], rows: 2)
        // Errors −0.5 and 3: g_W = −(−0.5·(1, 2) + 3·(3, −1)) = (−8.5, 4), g_b = −2.5.
        XCTAssertEqual(lms.weights, [-8.5, 4])
        XCTAssertEqual(lms.bias, -2.5)
        XCTAssertEqual(lms.meanSquaredError, (0.25 + 9) / 2)
    }

    func testNetworkGradientsAndUpdateFollowTheRuleAndSkipFrozen() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        try network.parameter(named: "L1.W").assign([0.5, -0.5])
        try network.parameter(named: "L1.b").assign([0.1])
        // z = 0.5 − 1 + 0.1 = −0.4, target 1: LMS error 1.4.
        let loss = try ClassicRule.lms.computeGradients(of: network, inputs: [1, 2], targets: [1], rows: 1)
        XCTAssertEqual(loss, 1.4 * 1.4, accuracy: 1e-12)
        let weightGrad = try XCTUnwrap(network.parameter(named: "L1.W").grad)
        XCTAssertEqual(weightGrad[0], -1.4, accuracy: 1e-12)
        XCTAssertEqual(weightGrad[1], -2.8, accuracy: 1e-12)
        try network.parameter(named: "L1.b").isFrozen = true
        ClassicUpdate(learningRate: 0.1).step(network.parameters)
        let weights = try network.parameter(named: "L1.W").scalars
        XCTAssertEqual(weights[0], 0.64, accuracy: 1e-12)
        XCTAssertEqual(weights[1], -0.22, accuracy: 1e-12)
        XCTAssertEqual(try network.parameter(named: "L1.b").scalars, [0.1])
    }

    func testLossOnSamplesUsesTheRuleOutput() throws {
        let network = try Network("2 -> 1", dtype: .float64, seed: 1)
        try network.parameter(named: "L1.W").assign([1, 1])
        try network.parameter(named: "L1.b").assign([-1.5])
        let and = try Samples(
            inputRows: [[0, 0], [0, 1], [1, 0], [1, 1]], targetRows: [[0], [0], [0], [1]])
        XCTAssertEqual(try ClassicRule.perceptron.loss(of: network, on: and), 0)
        // LMS reads z: −1.5, −0.5, −0.5, 0.5 against 0, 0, 0, 1.
        XCTAssertEqual(try ClassicRule.lms.loss(of: network, on: and), (2.25 + 0.25 + 0.25 + 0.25) / 4)
    }

    func testAdalineApproachesTheLeastSquaresSolution() {
        // Bipolar AND: the columns x1, x2 and 1 are orthogonal, so least squares gives
        // w = Xᵀt / 4 = (0.5, 0.5) and b = −0.5.
        let inputs: [[Double]] = [[-1, -1], [-1, 1], [1, -1], [1, 1]]
        var unit = Adaline(inputs: 2)
        for _ in 0..<2000 { unit.epoch(inputs: inputs, targets: [-1, -1, -1, 1], rate: 0.002) }
        XCTAssertEqual(unit.weights[0], 0.5, accuracy: 0.01)
        XCTAssertEqual(unit.weights[1], 0.5, accuracy: 0.01)
        XCTAssertEqual(unit.bias, -0.5, accuracy: 0.01)
    }
}
