import XCTest

@testable import Engine

final class BenchmarkConfigurationTests: XCTestCase {
    func testTheWorkloadsAndTheirFlopCounts() throws {
        let all = BenchmarkConfiguration.all
        XCTAssertEqual(all.map(\.name), ["xor", "mnist-like", "wide", "gpt"])
        // xor 2-8-1, batch 4: forward and weight gradient of both layers, input gradient of the second.
        let xorFirst: Double = 2 * 4 * 2 * 8
        let xorSecond: Double = 2 * 4 * 8 * 1
        XCTAssertEqual(all[0].flopsPerStep, 2 * xorFirst + 3 * xorSecond)
        let wide: Double = 2 * 256 * 1024 * 1024
        let wideLast: Double = 2 * 256 * 1024 * 10
        XCTAssertEqual(all[2].flopsPerStep, 2 * wide + 3 * wide + 3 * wideLast)
        // gpt: 768 tokens; per block 12·C² per token in its maps and 4·T·C in its attention,
        // forward, times 3 with the backward; the tied output layer 2·C·V per token, times 3.
        let tokens: Double = 12 * 64
        let block = 3 * 2 * tokens * 12 * 128 * 128 + 3 * 4 * tokens * 64 * 128
        XCTAssertEqual(all[3].flopsPerStep, 4 * block + 3 * 2 * tokens * 128 * 65)
        let gpt = try NetworkSpec(parsing: all[3].spec)
        XCTAssertEqual(gpt.parameterCount, 809_856)
    }

    /// The gpt workload's path (token inputs, a target per position, AdamW) on a tiny net, whose
    /// samples are its tokens.
    func testASequenceWorkloadCountsTokens() throws {
        let tiny = BenchmarkConfiguration(
            name: "tiny-gpt", spec: "tokens 4 -> embed 8 positions -> block 2 -> 5 softmax tied",
            loss: Loss(.crossEntropy), batchSize: 3,
            makeOptimizer: { Adam.adamW(learningRate: 1e-3, weightDecay: 0.1) },
            steps: 2)
        let result = try tiny.run()
        XCTAssertEqual(
            result.samplesPerSecond, result.stepsPerSecond * 3 * 4, accuracy: 1e-6 * result.samplesPerSecond)
        XCTAssertTrue(result.finalLoss.isFinite)
    }

    func testARunTrainsAndMeasures() throws {
        let result = try BenchmarkConfiguration.all[0].run(steps: 50)
        XCTAssertEqual(result.name, "xor")
        XCTAssertGreaterThan(result.stepsPerSecond, 0)
        XCTAssertEqual(
            result.samplesPerSecond, result.stepsPerSecond * 4, accuracy: 1e-6 * result.samplesPerSecond)
        XCTAssertTrue(result.finalLoss.isFinite)
    }
}
