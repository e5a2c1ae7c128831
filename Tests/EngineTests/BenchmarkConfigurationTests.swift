import XCTest

@testable import Engine

final class BenchmarkConfigurationTests: XCTestCase {
    func testTheThreeWorkloadsAndTheirFlopCounts() throws {
        let all = BenchmarkConfiguration.all
        XCTAssertEqual(all.map(\.name), ["xor", "mnist-like", "wide"])
        // xor 2-8-1, batch 4: forward and weight gradient of both layers, input gradient of the second.
        let xorFirst: Double = 2 * 4 * 2 * 8
        let xorSecond: Double = 2 * 4 * 8 * 1
        XCTAssertEqual(all[0].flopsPerStep, 2 * xorFirst + 3 * xorSecond)
        let wide: Double = 2 * 256 * 1024 * 1024
        let wideLast: Double = 2 * 256 * 1024 * 10
        XCTAssertEqual(all[2].flopsPerStep, 2 * wide + 3 * wide + 3 * wideLast)
    }

    func testARunTrainsAndMeasures() throws {
        let result = try BenchmarkConfiguration.all[0].run(steps: 50)
        XCTAssertEqual(result.name, "xor")
        XCTAssertGreaterThan(result.stepsPerSecond, 0)
        XCTAssertEqual(result.samplesPerSecond, result.stepsPerSecond * 4, accuracy: 1e-6 * result.samplesPerSecond)
        XCTAssertTrue(result.finalLoss.isFinite)
    }
}
