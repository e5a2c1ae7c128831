import XCTest

@testable import Engine

/// The range test as fastai runs it, and the landscape's points and directions.
final class LearningRateRangeTestTests: XCTestCase {
    /// y = 2x on x = 0…3 under mse: the Hessian 2·E[[x², x], [x, 1]] has λ_max ≈ 8.405, so
    /// gradient descent diverges above 2/λ_max ≈ 0.238. Both suggestions fall below it, within
    /// two decades, and the sweep stops once the loss runs away.
    func testALinearRegressionSuggestsARateBelowItsDivergenceThreshold() throws {
        let network = try Network("1 -> 1", dtype: .float64, seed: 1)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.01))
        let data = try Samples(inputRows: [[0], [1], [2], [3]], targetRows: [[0], [2], [4], [6]])
        let result = try LearningRateRangeTest().run(trainer, on: data, batchSize: 4, shuffle: false)
        let threshold = 2 / ((9 + (81.0 - 20).squareRoot()) / 2)
        XCTAssertEqual(result.ending, .diverged)
        XCTAssertGreaterThan(result.points.last!.learningRate, threshold)
        for suggestion in [result.steepest, result.minimumOverTen] {
            let rate = try XCTUnwrap(suggestion).learningRate
            XCTAssertLessThan(rate, threshold)
            XCTAssertGreaterThan(rate, threshold / 100)
        }
    }

    /// Rates rise as start·(end/start)^(i/steps); the smoothed loss is fastai's bias-corrected average.
    func testRatesAndSmoothingFollowFastai() throws {
        let network = try Network("1 -> 1", dtype: .float64, seed: 2)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.01))
        let data = try Samples(inputRows: [[1], [2]], targetRows: [[1], [2]])
        let test = LearningRateRangeTest(startRate: 1e-4, endRate: 1e-2, steps: 8, divergenceFactor: nil)
        let result = try test.run(trainer, on: data, batchSize: 2, shuffle: false)
        XCTAssertEqual(result.ending, .completed)
        XCTAssertEqual(result.points.count, 8)
        var average = 0.0
        for (index, point) in result.points.enumerated() {
            XCTAssertEqual(point.learningRate, 1e-4 * pow(100, Double(index) / 8), accuracy: 1e-15)
            average = 0.98 * average + 0.02 * point.loss
            XCTAssertEqual(point.smoothedLoss, average / (1 - pow(0.98, Double(index + 1))), accuracy: 1e-12)
        }
    }

    /// A rate that overflows ends the sweep with the step that failed, and nothing is thrown.
    func testANonFiniteStepEndsTheSweep() throws {
        let network = try Network("2 -> 8 relu -> 1", seed: 3)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: SGD(learningRate: 0.01))
        let data = try Samples(inputRows: [[1, 2], [3, 4]], targetRows: [[100], [-100]])
        let test = LearningRateRangeTest(startRate: 1, endRate: 1e30, steps: 40, divergenceFactor: nil)
        let result = try test.run(trainer, on: data, batchSize: 2, shuffle: false)
        guard case .nonFinite(let step, let rate, _, let error) = result.ending else {
            return XCTFail("expected a non-finite ending, got \(result.ending)")
        }
        XCTAssertEqual(step, result.points.count + 1)
        XCTAssertEqual(rate, test.rate(at: step - 1))
        XCTAssertNotNil(error.nonFiniteSite)
    }

    func testSuggestionsReadFastaisSlice() {
        let points = (0..<20).map { index in
            LearningRateRangeTest.Point(
                step: index + 1, learningRate: pow(10, Double(index) / 4 - 5), loss: 0,
                smoothedLoss: [
                    5, 5, 1, 4.9, 4.8, 4.0, 2.0, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 2, 0.1, 9, 9, 9,
                ][index])
        }
        let result = LearningRateRangeTest.suggest(points, ending: .completed, steps: 20)
        // Steps 3 to 15: the dip at step 3 and the low at 17 lie outside.
        XCTAssertEqual(result.suggestionRange, 2..<15)
        XCTAssertEqual(result.steepest?.point.step, 6)
        XCTAssertEqual(result.minimumOverTen?.point.step, 15)
        XCTAssertEqual(result.minimumOverTen?.learningRate, points[14].learningRate / 10)
    }

    /// A bounce on the way up after the lowest point is not the steepest fall.
    func testTheSteepestFallIsReadBeforeTheLowestPoint() {
        let losses: [Double] = [4, 3.5, 3, 2, 1.8, 1.5, 6, 3, 9] + Array(repeating: 9, count: 5)
        let points = losses.enumerated().map { index, loss in
            LearningRateRangeTest.Point(
                step: index + 1, learningRate: pow(10, Double(index)), loss: loss, smoothedLoss: loss)
        }
        let result = LearningRateRangeTest.suggest(points, ending: .completed, steps: 9)
        XCTAssertEqual(result.suggestionRange, 0..<9)
        XCTAssertEqual(result.steepest?.point.step, 3)
        XCTAssertEqual(result.minimumOverTen?.point.step, 6)
    }

    func testInterpolationAndOffsetsGiveTheirEndsExactly() {
        let start: [[Double]] = [[0.1, -0.3, 7], [1e-8]]
        let end: [[Double]] = [[0.7, 0.2, -3.3], [2.5]]
        XCTAssertEqual(LossLandscape.interpolate(start, end, at: 0), start)
        XCTAssertEqual(LossLandscape.interpolate(start, end, at: 1), end)
        XCTAssertEqual(LossLandscape.offset(end, start, 0, start, 0), end)
        let grid = LossLandscape.grid(from: -0.5, to: 1.5, points: 41)
        XCTAssertEqual(grid.count, 41)
        XCTAssertTrue(grid.contains(0) && grid.contains(1))
        // 0 and 1 are added when the spacing misses them.
        XCTAssertEqual(LossLandscape.grid(from: -0.3, to: 1.2, points: 4), [-0.3, 0, 0.2, 0.7, 1, 1.2])
        XCTAssertEqual(LossLandscape.symmetricGrid(span: 2, points: 5), [-2, -1, 0, 1, 2])
    }

    /// Li et al.'s filter normalisation: each unit's incoming weights have the norm of that unit's
    /// weights; biases and layer-norm parameters do not move; a seed gives the same direction.
    func testFilterNormalisedDirections() throws {
        let network = try Network("3 -> 4 tanh -> layernorm -> 2", seed: 4)
        let weights = network.snapshot()
        var random = RandomSource(seed: 9)
        let direction = LossLandscape.filterNormalizedDirection(
            for: network, weights: weights, random: &random)
        var again = RandomSource(seed: 9)
        XCTAssertEqual(
            direction, LossLandscape.filterNormalizedDirection(for: network, weights: weights, random: &again)
        )
        XCTAssertEqual(
            network.parameters.map(\.name), ["L1.W", "L1.b", "L2.gamma", "L2.beta", "L3.W", "L3.b"])
        for index in [1, 2, 3, 5] { XCTAssertTrue(direction[index].allSatisfy { $0 == 0 }) }
        for (index, columns) in [(0, 4), (4, 2)] {
            let rows = weights[index].count / columns
            for column in 0..<columns {
                let norm = { (values: [Double]) in
                    (0..<rows).map { values[$0 * columns + column] * values[$0 * columns + column] }.reduce(
                        0, +
                    )
                    .squareRoot()
                }
                XCTAssertEqual(norm(direction[index]), norm(weights[index]), accuracy: 1e-12)
            }
            XCTAssertNotEqual(direction[index], weights[index])
        }
    }
}
