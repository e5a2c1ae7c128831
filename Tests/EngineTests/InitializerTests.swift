import XCTest

@testable import Engine

final class InitializerTests: XCTestCase {
    private func draw(_ initializer: Initializer, fanIn: Int = 50, fanOut: Int = 40, seed: UInt64 = 3) -> (
        Tensor, Tensor
    ) {
        let weight = Tensor(zeros: [fanIn, fanOut], dtype: .float64)
        let bias = Tensor(zeros: [fanOut], dtype: .float64)
        var random = RandomSource(seed: seed)
        initializer.fill(weight: weight, bias: bias, random: &random)
        return (weight, bias)
    }

    private func std(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }

    func testPyTorchDefaultBoundsWeightsAndBiasByFanIn() {
        let (weight, bias) = draw(.pytorchDefault)
        let bound = 1 / 50.0.squareRoot()
        XCTAssertTrue((weight.scalars + bias.scalars).allSatisfy { Swift.abs($0) <= bound })
        XCTAssertGreaterThan(weight.scalars.map(Swift.abs).max()!, 0.9 * bound)
        XCTAssertTrue(bias.scalars.contains { $0 != 0 })
    }

    func testUniformSchemesReachTheirBoundsAndZeroTheBias() {
        let cases: [(Initializer, Double)] = [
            (.xavierUniform(), (6.0 / 90).squareRoot()), (.heUniform, (6.0 / 50).squareRoot()),
            (.uniform(a: 0.3), 0.3),
        ]
        for (initializer, bound) in cases {
            let (weight, bias) = draw(initializer)
            XCTAssertTrue(weight.scalars.allSatisfy { Swift.abs($0) <= bound }, "\(initializer)")
            XCTAssertGreaterThan(weight.scalars.map(Swift.abs).max()!, 0.95 * bound, "\(initializer)")
            XCTAssertEqual(bias.scalars, Array(repeating: 0, count: 40), "\(initializer)")
        }
    }

    func testNormalSchemesHaveTheirStandardDeviation() {
        let cases: [(Initializer, Double)] = [
            (.xavierNormal(), (2.0 / 90).squareRoot()), (.heNormal, (2.0 / 50).squareRoot()),
            (.normal(std: 0.05), 0.05),
        ]
        for (initializer, expected) in cases {
            let (weight, _) = draw(initializer, fanIn: 50, fanOut: 40)
            XCTAssertEqual(std(weight.scalars), expected, accuracy: expected * 0.06, "\(initializer)")
        }
    }

    func testConstantsAndSeeds() throws {
        XCTAssertEqual(draw(.constant(0.25)).0.scalars, Array(repeating: 0.25, count: 2000))
        XCTAssertEqual(draw(.zeros).0.scalars, Array(repeating: 0, count: 2000))
        XCTAssertEqual(draw(.heNormal, seed: 9).0.scalars, draw(.heNormal, seed: 9).0.scalars)
        XCTAssertNotEqual(draw(.heNormal, seed: 9).0.scalars, draw(.heNormal, seed: 10).0.scalars)
        // The documented draw order: L1.W row-major, then L1.b, then L2.
        let network = try Network("2 -> 3 tanh -> 1", dtype: .float64, seed: 5)
        var random = RandomSource(seed: 5)
        let bound1 = 1 / 2.0.squareRoot()
        let expectedW1 = (0..<6).map { _ in random.nextUniform(in: -bound1, bound1) }
        let expectedB1 = (0..<3).map { _ in random.nextUniform(in: -bound1, bound1) }
        let bound2 = 1 / 3.0.squareRoot()
        let expectedW2 = (0..<3).map { _ in random.nextUniform(in: -bound2, bound2) }
        XCTAssertEqual(try network.parameter(named: "L1.W").scalars, expectedW1)
        XCTAssertEqual(try network.parameter(named: "L1.b").scalars, expectedB1)
        XCTAssertEqual(try network.parameter(named: "L2.W").scalars, expectedW2)
    }
}
