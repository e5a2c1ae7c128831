import XCTest

@testable import Engine

final class HistoricalUnitTests: XCTestCase {
    private let inputs: [[Double]] = [[0, 0], [0, 1], [1, 0], [1, 1]]

    func testPerceptronRuleByHandAndConvergenceOnAnd() {
        var unit = Perceptron(inputs: 2)
        // ŷ = [0 ≥ 0] = 1 for (0, 0), target 0: w += 0.5·(−1)·(0, 0), b −= 0.5.
        XCTAssertEqual(unit.learn([0, 0], target: 0, rate: 0.5), -1)
        XCTAssertEqual(unit.bias, -0.5)
        XCTAssertEqual(unit.weights, [0, 0])
        var mistakes = Int.max
        for _ in 0..<20 where mistakes > 0 {
            mistakes = unit.epoch(inputs: inputs, targets: [0, 0, 0, 1], rate: 0.5)
        }
        XCTAssertEqual(mistakes, 0)
        XCTAssertEqual(inputs.map(unit.predict), [0, 0, 0, 1])
    }

    func testUnitsTrainOnSamples() throws {
        let samples = try Samples(inputRows: inputs, targetRows: [[0], [0], [0], [1]])
        var unit = Perceptron(inputs: 2)
        var mistakes = Int.max
        for _ in 0..<20 where mistakes > 0 { mistakes = unit.epoch(on: samples, rate: 0.5) }
        XCTAssertEqual(mistakes, 0)
        var linear = Adaline(inputs: 2)
        let first = linear.epoch(on: samples, rate: 0.1)
        XCTAssertLessThan(linear.epoch(on: samples, rate: 0.1), first)
    }

    func testPerceptronNeverSettlesOnXor() {
        var unit = Perceptron(inputs: 2)
        let mistakes = (0..<100).map { _ in unit.epoch(inputs: inputs, targets: [0, 1, 1, 0], rate: 1) }
        XCTAssertTrue(mistakes.allSatisfy { $0 > 0 })
    }

    func testLMSRuleUsesTheLinearOutput() {
        var unit = Adaline(weights: [0.5, -0.5], bias: 0.1)
        // y = 0.5·1 − 0.5·2 + 0.1 = −0.4; error 1 − (−0.4) = 1.4; Δw = 0.1·1.4·(1, 2).
        XCTAssertEqual(unit.learn([1, 2], target: 1, rate: 0.1), 1.4, accuracy: 1e-15)
        XCTAssertEqual(unit.weights[0], 0.64, accuracy: 1e-15)
        XCTAssertEqual(unit.weights[1], -0.22, accuracy: 1e-15)
        XCTAssertEqual(unit.bias, 0.24, accuracy: 1e-15)
    }

    func testAdalineLearnsBipolarAnd() {
        var unit = Adaline(inputs: 2)
        let bipolar = inputs.map { $0.map { 2 * $0 - 1 } }
        var errors: [Double] = []
        for _ in 0..<50 { errors.append(unit.epoch(inputs: bipolar, targets: [-1, -1, -1, 1], rate: 0.05)) }
        XCTAssertLessThan(errors.last!, errors.first!)
        XCTAssertEqual(bipolar.map(unit.predict), [-1, -1, -1, 1])
    }
}
