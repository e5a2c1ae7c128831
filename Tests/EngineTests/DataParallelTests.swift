import XCTest

@testable import Engine

/// The simulated data-parallel step against one step of the whole batch, the ring all-reduce
/// against a plain sum, the shards and the ZeRO arithmetic, on cases with known answers.
final class DataParallelTests: XCTestCase {
    /// 10 rows of 3 inputs and 2 targets, uneven over 4 workers (3, 3, 2, 2).
    private func batch(rows: Int = 10) -> (inputs: [Double], targets: [Double]) {
        var random = RandomSource(seed: 11)
        let inputs = (0..<(rows * 3)).map { _ in random.nextUniform(in: -1, 1) }
        let targets = (0..<(rows * 2)).map { _ in random.nextUniform(in: 0, 1) }
        return (inputs, targets)
    }

    /// Two trainers of the same net from the same seed: one for `step`, one for the workers.
    private func twins(
        _ spec: String, dtype: DType, loss: Loss = Loss(.mse), clip: Double? = nil,
        optimizer: () -> any Optimizer
    ) throws -> (Trainer, Trainer) {
        let made = try (0..<2).map { _ in
            let trainer = Trainer(
                network: try Network(spec, dtype: dtype, seed: 7), loss: loss, optimizer: optimizer())
            trainer.clipNorm = clip
            return trainer
        }
        return (made[0], made[1])
    }

    func testOneWorkerIsTrainerStepBitForBit() throws {
        let (single, parallel) = try twins("3 -> 5 tanh -> dropout 0.3 -> 2 sigmoid", dtype: .float32) {
            Adam(learningRate: 0.05)
        }
        let (inputs, targets) = batch()
        for _ in 0..<3 {
            let metrics = try single.step(inputs: inputs, targets: targets, rows: 10)
            let report = try parallel.dataParallelStep(inputs: inputs, targets: targets, rows: 10, workers: 1)
            XCTAssertEqual(report.metrics.loss, metrics.loss)
            XCTAssertTrue(report.isBitIdentical)
            XCTAssertEqual(report.maximumRelativeDifference, 0)
            XCTAssertEqual(report.transfers, [])
        }
        XCTAssertEqual(
            parallel.network.parameters.map(\.scalars), single.network.parameters.map(\.scalars))
        XCTAssertEqual(parallel.network.random.next(), single.network.random.next())
        XCTAssertEqual(parallel.stepCount, 3)
    }

    func testShardedGradientAndUpdateEqualTheWholeBatchsInFloat64() throws {
        for workers in [2, 4] {
            let (single, parallel) = try twins("3 -> 5 tanh -> 4 relu -> 2", dtype: .float64) {
                SGD(learningRate: 0.1, momentum: 0.9)
            }
            let (inputs, targets) = batch()
            for _ in 0..<2 {
                try single.step(inputs: inputs, targets: targets, rows: 10)
                let report = try parallel.dataParallelStep(
                    inputs: inputs, targets: targets, rows: 10, workers: workers)
                XCTAssertEqual(report.workers.map(\.rows.count), workers == 2 ? [5, 5] : [3, 3, 2, 2])
                XCTAssertEqual(report.workers.reduce(0) { $0 + $1.weight }, 1, accuracy: 1e-15)
                XCTAssertEqual(report.combinedLoss, report.batchLoss, accuracy: 1e-12)
                for (reduced, whole) in zip(report.reducedGradient, report.batchGradient) {
                    XCTAssertEqual(reduced, whole, accuracy: 1e-12)
                }
                XCTAssertLessThan(report.maximumRelativeDifference, 1e-12)
            }
            for (a, b) in zip(parallel.network.parameters, single.network.parameters) {
                for (x, y) in zip(a.scalars, b.scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
            }
        }
    }

    func testDropoutMasksAreTheWholeBatchsSlicedPerWorker() throws {
        let (single, parallel) = try twins("3 -> 6 tanh -> dropout 0.5 -> 2", dtype: .float64) {
            SGD(learningRate: 0.2)
        }
        let (inputs, targets) = batch()
        try single.step(inputs: inputs, targets: targets, rows: 10)
        let report = try parallel.dataParallelStep(inputs: inputs, targets: targets, rows: 10, workers: 3)
        XCTAssertEqual(report.workers.map(\.rows), [0..<4, 4..<7, 7..<10])
        XCTAssertLessThan(report.maximumAbsoluteDifference, 1e-12)
        for (a, b) in zip(parallel.network.parameters, single.network.parameters) {
            for (x, y) in zip(a.scalars, b.scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
        // The generator is where one step of the whole batch leaves it.
        XCTAssertEqual(parallel.network.random.next(), single.network.random.next())
    }

    func testClippingIsOnTheReducedGradient() throws {
        let (single, parallel) = try twins("3 -> 5 tanh -> 2", dtype: .float64, clip: 0.01) {
            SGD(learningRate: 0.5)
        }
        let (inputs, targets) = batch()
        let metrics = try single.step(inputs: inputs, targets: targets, rows: 10)
        let report = try parallel.dataParallelStep(inputs: inputs, targets: targets, rows: 10, workers: 4)
        let norm = try XCTUnwrap(report.metrics.gradientNorm)
        XCTAssertEqual(norm, try XCTUnwrap(metrics.gradientNorm), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(report.clipScale), 0.01 / (norm + 1e-6), accuracy: 1e-15)
        XCTAssertLessThan(try XCTUnwrap(report.clipScale), 1)
        for (a, b) in zip(parallel.network.parameters, single.network.parameters) {
            for (x, y) in zip(a.scalars, b.scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
    }

    func testASummedLossWeighsEveryWorkerOne() throws {
        let (single, parallel) = try twins(
            "3 -> 4 tanh -> 2", dtype: .float64, loss: Loss(.mse, reduction: .sum)
        ) {
            SGD(learningRate: 0.05)
        }
        let (inputs, targets) = batch()
        try single.step(inputs: inputs, targets: targets, rows: 10)
        let report = try parallel.dataParallelStep(inputs: inputs, targets: targets, rows: 10, workers: 3)
        XCTAssertEqual(report.workers.map(\.weight), [1, 1, 1])
        XCTAssertEqual(report.combinedLoss, report.batchLoss, accuracy: 1e-12)
        for (a, b) in zip(parallel.network.parameters, single.network.parameters) {
            for (x, y) in zip(a.scalars, b.scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
    }

    func testATokenNetWithClassIndicesSplitsAsTheWholeBatch() throws {
        let (single, parallel) = try twins(
            "tokens 2 -> embed 3 -> 6 tanh -> 5 softmax", dtype: .float64, loss: Loss(.crossEntropy)
        ) { Adam(learningRate: 0.1) }
        // 7 rows of two token ids, each predicting a class index; 3 workers: 3, 2, 2.
        let inputs: [Double] = [0, 1, 2, 3, 4, 0, 1, 1, 3, 2, 0, 4, 2, 2]
        let targets: [Double] = [2, 4, 1, 0, 3, 3, 1]
        for _ in 0..<2 {
            try single.step(inputs: inputs, targets: targets, rows: 7)
            let report = try parallel.dataParallelStep(inputs: inputs, targets: targets, rows: 7, workers: 3)
            XCTAssertEqual(report.workers.map(\.rows.count), [3, 2, 2])
            XCTAssertLessThan(report.maximumAbsoluteDifference, 1e-12)
        }
        for (a, b) in zip(parallel.network.parameters, single.network.parameters) {
            for (x, y) in zip(a.scalars, b.scalars) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        }
    }

    func testTheRingsSumIsAPlainSumInItsOwnOrderBitForBit() {
        for (workers, length, dtype) in [
            (3, 10, DType.float32), (5, 23, .float32), (4, 16, .float64), (2, 1, .float32),
        ] {
            var random = RandomSource(seed: UInt64(workers * 100 + length))
            let ring = RingAllReduce(workers: workers, length: length, dtype: dtype)
            let vectors = (0..<workers).map { _ in
                // Magnitudes from 1 to 1e7, so that sums in another order round differently.
                (0..<length).map { _ in
                    ring.rounded(random.nextNormal() * pow(10, Double(random.nextIndex(below: 8))))
                }
            }
            var buffers = vectors
            ring.run(&buffers)
            // Chunk c is summed from worker c round the ring: g_c, then g_{c+1} + that, ...
            var expected = [Double](repeating: 0, count: length)
            for (chunk, range) in ring.chunks.enumerated() {
                for position in range {
                    var total = vectors[chunk][position]
                    for step in 1..<workers {
                        total = ring.rounded(total + vectors[(chunk + step) % workers][position])
                    }
                    expected[position] = total
                }
            }
            for buffer in buffers { XCTAssertEqual(buffer, expected, "\(workers) workers, \(length) values") }
            // The order matters: a plain sum from worker 0 differs somewhere for these vectors.
            if dtype == .float32, workers > 2 {
                let fromZero = (0..<length).map { position in
                    vectors.dropFirst().reduce(vectors[0][position]) { ring.rounded($0 + $1[position]) }
                }
                XCTAssertNotEqual(fromZero, expected)
            }
        }
    }

    func testTheRingSendsTwoNMinusOneChunksPerWorker() {
        let ring = RingAllReduce(workers: 4, length: 20, dtype: .float32)
        XCTAssertEqual(ring.chunks, [0..<5, 5..<10, 10..<15, 15..<20])
        XCTAssertEqual(ring.schedule.count, 2 * 3 * 4)
        for worker in 0..<4 {
            // 2(N−1)/N·|θ| = 2·3/4·20 = 30 values.
            XCTAssertEqual(ring.elementsSent(by: worker), 30)
            XCTAssertEqual(ring.elementsReceived(by: worker), 30)
        }
        // Step 1: worker i sends chunk i; step 4 (the first all-gather): worker i sends chunk i+1.
        XCTAssertEqual(ring.schedule.filter { $0.step == 1 }.map(\.chunk), [0, 1, 2, 3])
        XCTAssertEqual(ring.schedule.filter { $0.step == 4 }.map(\.chunk), [1, 2, 3, 0])
        XCTAssertEqual(
            ring.schedule.filter { $0.step == 4 }.map(\.phase), Array(repeating: .allGather, count: 4))
        let uneven = RingAllReduce(workers: 3, length: 10, dtype: .float64)
        XCTAssertEqual(uneven.chunks.map(\.count), [4, 3, 3])
        XCTAssertEqual((0..<3).map(uneven.elementsSent(by:)).reduce(0, +), 2 * 2 * 10)
    }

    func testShardsAreContiguousAndAsEvenAsPossible() throws {
        XCTAssertEqual(try BatchShards(rows: 10, workers: 4).ranges, [0..<3, 3..<6, 6..<8, 8..<10])
        XCTAssertEqual(try BatchShards(rows: 10, workers: 4).weights(for: .mean), [0.3, 0.3, 0.2, 0.2])
        XCTAssertEqual(try BatchShards(rows: 4, workers: 4).ranges, [0..<1, 1..<2, 2..<3, 3..<4])
        XCTAssertTrue(try BatchShards(rows: 8, workers: 4).isEven)
        XCTAssertThrowsError(try BatchShards(rows: 3, workers: 4))
        XCTAssertThrowsError(try BatchShards(rows: 3, workers: 0))
    }

    func testAClassicRuleHasNoWorkers() throws {
        let trainer = Trainer(
            network: try Network("2 -> 1", seed: 1), rule: .perceptron, learningRate: 1)
        XCTAssertThrowsError(
            try trainer.dataParallelStep(inputs: [0, 1, 1, 0], targets: [1, 0], rows: 2, workers: 2))
    }

    func testZeroMemoryFollowsThePapersFormulasInTheEnginesBytes() {
        // Ψ = 100 Float32 values with Adam's two buffers, over 4 workers.
        let memory = ZeroMemory(parameterCount: 100, bytesPerElement: 4, stateBuffers: 2)
        let totals = ZeroMemory.Stage.allCases.map { memory.footprint($0, workers: 4).total }
        XCTAssertEqual(totals, [1600, 400 + 400 + 200, 400 + 100 + 200, 100 + 100 + 200])
        XCTAssertEqual(
            ZeroMemory.Stage.allCases.map { memory.footprint($0, workers: 1).total },
            [1600, 1600, 1600, 1600])
        // 10 values over 4 workers: each holds at most ⌈10/4⌉ = 3.
        let uneven = ZeroMemory(parameterCount: 10, bytesPerElement: 8, stateBuffers: 1)
        XCTAssertEqual(
            uneven.footprint(.zero3, workers: 4),
            .init(stage: .zero3, workers: 4, parameters: 24, gradients: 24, optimizerState: 24))
        XCTAssertEqual(uneven.footprint(.zero1, workers: 4).optimizerState, 24)
        XCTAssertEqual(uneven.footprint(.zero1, workers: 4).gradients, 80)
    }
}
