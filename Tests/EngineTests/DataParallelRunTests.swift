import XCTest

@testable import Engine

/// Runs whose every step is taken by simulated data-parallel workers (`TrainingOptions.dataParallel`)
/// against the same runs on one worker and without workers: bit for bit on one worker, within a
/// stated tolerance on several in Float64, the same bits for the same seed, uneven and idle
/// shards, accumulation, a teacher, a sequence model, and the refusals.
final class DataParallelRunTests: XCTestCase {
    /// `rows` rows of 3 inputs and 2 targets.
    private func samples(rows: Int = 22) throws -> Samples {
        var random = RandomSource(seed: 5)
        let inputs = (0..<(rows * 3)).map { _ in random.nextUniform(in: -1, 1) }
        let targets = (0..<(rows * 2)).map { _ in random.nextUniform(in: 0, 1) }
        return try Samples(inputs: inputs, targets: targets, count: rows)
    }

    private func trainer(
        _ spec: String = "3 -> 6 tanh -> dropout 0.25 -> 4 relu -> 2", dtype: DType, loss: Loss = Loss(.mse),
        clip: Double? = 0.5
    ) throws -> Trainer {
        let trainer = Trainer(
            network: try Network(spec, dtype: dtype, seed: 7), loss: loss,
            optimizer: Adam(learningRate: 0.01), seed: 3)
        trainer.clipNorm = clip
        trainer.schedule = .cosine(period: 200, minimum: 0.001)
        trainer.measuresGradientNorm = true
        return trainer
    }

    /// Trains and returns the summary and the weights.
    private func run(
        _ trainer: Trainer, on data: Samples, steps: Int = 200, batch: Int = 10, accumulation: Int = 1,
        workers: Int?, checksEveryStep: Bool = false, shuffle: Bool = true
    ) throws -> (summary: TrainingSummary, weights: [[Double]], losses: [Double]) {
        var losses: [Double] = []
        let summary = try trainer.run(
            on: data,
            TrainingOptions(
                length: .steps(steps), batchSize: batch, shuffle: shuffle, accumulation: accumulation,
                dataParallel: workers.map {
                    DataParallelTraining(workers: $0, checksEveryStep: checksEveryStep)
                }),
            onStep: { report in
                losses.append(report.metrics.loss)
                return .proceed
            })
        return (summary, trainer.network.parameters.map(\.scalars), losses)
    }

    private func largestDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        zip(a, b).reduce(0) { worst, pair in
            zip(pair.0, pair.1).reduce(worst) { max($0, abs($1.0 - $1.1)) }
        }
    }

    func testOneWorkerIsThePlainRunBitForBit() throws {
        let data = try samples()
        for accumulation in [1, 3] {
            let plain = try run(
                try trainer(dtype: .float32), on: data, steps: 40, accumulation: accumulation, workers: nil)
            let one = try run(
                try trainer(dtype: .float32), on: data, steps: 40, accumulation: accumulation, workers: 1,
                checksEveryStep: true)
            XCTAssertEqual(one.weights, plain.weights)
            XCTAssertEqual(one.losses, plain.losses)
            let parallel = try XCTUnwrap(one.summary.dataParallel)
            XCTAssertTrue(parallel.bitIdentical)
            XCTAssertEqual(parallel.checks, 40)
            XCTAssertEqual(parallel.maximumRelativeDifference, 0)
            XCTAssertEqual(parallel.elementsSentPerStep, [0])
            XCTAssertNil(plain.summary.dataParallel)
        }
    }

    /// 200 steps of Adam with dropout, clipping and a cosine schedule; 22 rows in batches of 10
    /// cut over 4 workers as 3, 3, 2, 2, and each epoch's last batch of 2 rows leaves two idle.
    func testFourWorkersFollowOneWorkerInFloat64() throws {
        let data = try samples()
        let one = try run(try trainer(dtype: .float64), on: data, workers: 1)
        for workers in [2, 4] {
            let many = try run(
                try trainer(dtype: .float64), on: data, workers: workers, checksEveryStep: true)
            // Measured: 1.1e-16 on two workers, 1.7e-16 on four.
            XCTAssertLessThan(largestDifference(many.weights, one.weights), 1e-14)
            for (a, b) in zip(many.losses, one.losses) { XCTAssertEqual(a, b, accuracy: 1e-12) }
            let parallel = try XCTUnwrap(many.summary.dataParallel)
            XCTAssertEqual(parallel.checks, 200)
            XCTAssertLessThan(parallel.maximumRelativeDifference, 1e-13)
            XCTAssertEqual(parallel.steps, 200)
            XCTAssertEqual(parallel.shardRows, workers == 2 ? [5, 5] : [3, 3, 2, 2])
            // 22 rows: batches of 10, 10 and 2, so a third of the steps have a short batch.
            XCTAssertEqual(parallel.idleWorkerSteps, workers == 4 ? 66 : 0)
            XCTAssertEqual(parallel.unevenSteps, workers == 4 ? 200 : 0)
            XCTAssertEqual(parallel.lastLosses.count, workers)
        }
    }

    func testTheSameSeedGivesTheSameBits() throws {
        let data = try samples()
        let first = try run(try trainer(dtype: .float32), on: data, steps: 60, workers: 4)
        let second = try run(try trainer(dtype: .float32), on: data, steps: 60, workers: 4)
        XCTAssertEqual(first.weights, second.weights)
        XCTAssertEqual(first.losses, second.losses)
        XCTAssertEqual(first.summary.dataParallel, second.summary.dataParallel)
    }

    /// The ring's bytes: 2(N−1)/N·|θ| values per worker, exactly its chunks; a summed loss's
    /// shards weigh 1 each and still give the whole batch's gradient.
    func testBytesAndASummedLoss() throws {
        let data = try samples(rows: 12)
        let trainer = try self.trainer(dtype: .float64, loss: Loss(.mse, reduction: .sum), clip: nil)
        let result = try run(trainer, on: data, steps: 6, batch: 12, workers: 4, checksEveryStep: true)
        let parallel = try XCTUnwrap(result.summary.dataParallel)
        let theta = trainer.network.parameters.reduce(0) { $0 + $1.count }
        XCTAssertEqual(parallel.gradientLength, theta)
        XCTAssertEqual(parallel.elementsSentPerStep.reduce(0, +), 2 * 3 * theta)
        XCTAssertEqual(parallel.parameterServerBytesPerStep, theta * 8)
        XCTAssertEqual(parallel.totalRingBytes, 6 * 2 * 3 * theta * 8)
        XCTAssertLessThan(parallel.maximumRelativeDifference, 1e-13)
        XCTAssertEqual(parallel.unevenSteps, 0)
    }

    /// One step of a run equals the explained `parallel` step on the same batch, bit for bit.
    func testARunsStepIsTheExplainedStep() throws {
        let data = try samples(rows: 10)
        let explained = try trainer(dtype: .float32)
        let report = try explained.dataParallelStep(
            inputs: data.inputs, targets: data.targets, rows: 10, workers: 4)
        let ran = try trainer(dtype: .float32)
        let result = try run(ran, on: data, steps: 1, batch: 10, workers: 4, shuffle: false)
        XCTAssertEqual(result.losses, [report.combinedLoss])
        XCTAssertEqual(result.weights, explained.network.parameters.map(\.scalars))
        XCTAssertEqual(
            result.summary.dataParallel?.maximumRelativeDifference, report.maximumRelativeDifference)
    }

    func testAccumulationAndATeacherAcrossWorkers() throws {
        var random = RandomSource(seed: 9)
        let rows = 24
        let inputs = (0..<(rows * 4)).map { _ in random.nextUniform(in: -1, 1) }
        let labels = (0..<rows).map { Double($0 % 3) }
        let data = try Samples(inputs: inputs, targets: labels, count: rows)
        func student() throws -> Trainer {
            let trainer = try self.trainer(
                "4 -> 8 relu -> dropout 0.2 -> 3 softmax", dtype: .float64, loss: Loss(.crossEntropy))
            let teacher = try Network("4 -> 16 tanh -> 3 softmax", dtype: .float64, seed: 2)
            try trainer.useDistillation(Distillation(teacher: teacher, temperature: 2, alpha: 0.7))
            return trainer
        }
        let one = try run(try student(), on: data, steps: 50, batch: 7, accumulation: 2, workers: 1)
        let three = try run(
            try student(), on: data, steps: 50, batch: 7, accumulation: 2, workers: 3, checksEveryStep: true)
        XCTAssertLessThan(largestDifference(three.weights, one.weights), 1e-12)
        XCTAssertLessThan(try XCTUnwrap(three.summary.dataParallel).maximumRelativeDifference, 1e-13)
        XCTAssertEqual(three.summary.dataParallel?.shardRows, [6, 4, 4])
    }

    /// A GPT's batch is cut by examples, each with all its positions, dropout masks too (the
    /// attention weights' and each branch's).
    func testASequenceModelIsShardedByExamples() throws {
        var random = RandomSource(seed: 4)
        let examples = 6
        let tokens = (0..<(examples * 5)).map { _ in Double(random.nextIndex(below: 5)) }
        var inputs: [Double] = []
        var targets: [Double] = []
        for example in 0..<examples {
            inputs += tokens[(example * 5)..<(example * 5 + 4)]
            targets += tokens[(example * 5 + 1)..<(example * 5 + 5)]
        }
        let data = try Samples(inputs: inputs, targets: targets, count: examples)
        for spec in [
            "tokens 4 -> embed 8 positions -> block 2 -> 5 softmax tied",
            "tokens 4 -> embed 8 positions -> dropout 0.1 -> block 2 dropout 0.2 -> 5 softmax tied",
        ] {
            func gpt() throws -> Trainer {
                try trainer(spec, dtype: .float64, loss: Loss(.crossEntropy), clip: 1)
            }
            let one = try run(try gpt(), on: data, steps: 20, batch: 6, workers: 1)
            let four = try run(try gpt(), on: data, steps: 20, batch: 6, workers: 4, checksEveryStep: true)
            XCTAssertLessThan(largestDifference(four.weights, one.weights), 1e-12, spec)
            XCTAssertEqual(four.summary.dataParallel?.shardRows, [2, 2, 1, 1])
            XCTAssertLessThan(try XCTUnwrap(four.summary.dataParallel).maximumRelativeDifference, 1e-13)
        }
    }

    /// In mixed precision each worker rounds its own scaled gradient before the all-reduce and one
    /// scaler answers for all: one worker is the plain mixed-precision run bit for bit, rounding
    /// counts and skipped steps included.
    func testMixedPrecisionOnWorkers() throws {
        let data = try samples()
        func trainer() throws -> Trainer {
            let trainer = try self.trainer(dtype: .float32)
            trainer.useMixedPrecision(MixedPrecision(format: .float16, scaling: .dynamic()))
            return trainer
        }
        let plainTrainer = try trainer()
        let plain = try run(plainTrainer, on: data, steps: 30, accumulation: 2, workers: nil)
        let oneTrainer = try trainer()
        let one = try run(oneTrainer, on: data, steps: 30, accumulation: 2, workers: 1, checksEveryStep: true)
        XCTAssertEqual(one.weights, plain.weights)
        XCTAssertEqual(one.losses, plain.losses)
        XCTAssertEqual(oneTrainer.mixedPrecisionReport, plainTrainer.mixedPrecisionReport)
        XCTAssertEqual(one.summary.dataParallel?.bitIdentical, true)
        let fourTrainer = try trainer()
        let four = try run(
            fourTrainer, on: data, steps: 30, accumulation: 2, workers: 4, checksEveryStep: true)
        let report = try XCTUnwrap(fourTrainer.mixedPrecisionReport)
        XCTAssertEqual(report.steps, 30)
        // Each worker's Float16 rounding differs from the whole batch's: close, not equal.
        let parallel = try XCTUnwrap(four.summary.dataParallel)
        XCTAssertGreaterThan(parallel.maximumRelativeDifference, 0)
        XCTAssertLessThan(parallel.maximumRelativeDifference, 1e-2)
        XCTAssertEqual(parallel.checks, 30 - report.scaler.skippedSteps)
    }

    func testRefusals() throws {
        let data = try samples(rows: 12)
        func refusal(_ make: () throws -> Trainer, workers: Int, batch: Int = 4) throws -> OptionRequirement?
        {
            let trainer = try make()
            let before = trainer.network.parameters.map(\.scalars)
            defer { XCTAssertEqual(trainer.network.parameters.map(\.scalars), before) }
            do {
                _ = try run(trainer, on: data, steps: 2, batch: batch, workers: workers)
                return nil
            } catch EngineError.invalidOption(let name, _, let expected) {
                XCTAssertEqual(name, "workers")
                return expected
            }
        }
        XCTAssertEqual(
            try refusal({ try trainer(dtype: .float32) }, workers: 5), .batchRows(4))
        XCTAssertEqual(
            try refusal({ try trainer(dtype: .float32) }, workers: 0), .batchRows(4))
        XCTAssertEqual(
            try refusal(
                {
                    Trainer(
                        network: try Network("3 -> 1 sigmoid", dtype: .float32, seed: 1), rule: .perceptron,
                        learningRate: 0.1)
                }, workers: 2), .backpropagatedNet)
    }
}
