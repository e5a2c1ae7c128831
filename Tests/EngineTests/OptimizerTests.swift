import XCTest

@testable import Engine

final class OptimizerTests: XCTestCase {
    private func parameter(_ values: [Double], grad: [Double]) throws -> Tensor {
        let p = try Tensor(
            shape: [values.count], values: values, dtype: .float64, requiresGrad: true, name: "p")
        try p.setGrad(grad)
        return p
    }

    func testSGDWithMomentumByHand() throws {
        let p = try parameter([1.0], grad: [0.5])
        let sgd = SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.2)
        sgd.step([p])  // g = 0.5 + 0.2 = 0.7; b = 0.7; θ = 1 − 0.07
        XCTAssertEqual(p.item, 0.93, accuracy: 1e-15)
        sgd.step([p])  // g = 0.5 + 0.186 = 0.686; b = 0.63 + 0.343 = 0.973; θ = 0.93 − 0.0973
        XCTAssertEqual(p.item, 0.93 - 0.0973, accuracy: 1e-15)
    }

    /// Every optimizer's saved state, restored, replays the same updates; the copy is independent.
    func testRestoredStateReplaysTheSameUpdates() throws {
        let optimizers: [any Optimizer] = [
            SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), Adam(learningRate: 0.01),
            Adam.adamW(learningRate: 0.01), RMSprop(learningRate: 0.01, momentum: 0.5, centered: true),
            Adagrad(learningRate: 0.1),
        ]
        for optimizer in optimizers {
            let p = try parameter([1.0, -2.0], grad: [0.3, -0.7])
            optimizer.step([p])
            let saved = optimizer.saveState()
            let valuesAtSave = p.scalars
            optimizer.step([p])
            optimizer.step([p])
            let afterTwo = p.scalars
            optimizer.restoreState(saved)
            try p.assign(valuesAtSave)
            optimizer.step([p])
            optimizer.step([p])
            XCTAssertEqual(p.scalars, afterTwo, "\(type(of: optimizer))")
        }
    }

    func testFrozenParametersGetNoUpdateStateOrDecay() throws {
        let frozen = try parameter([1.0, 2.0], grad: [0.5, 0.5])
        frozen.isFrozen = true
        let optimizers: [any Optimizer] = [
            SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1), Adam(weightDecay: 0.1), Adam.adamW(),
            RMSprop(momentum: 0.5, centered: true), Adagrad(weightDecay: 0.1),
        ]
        for optimizer in optimizers {
            try frozen.assign([1, 2])
            optimizer.step([frozen])
            XCTAssertEqual(frozen.scalars, [1, 2], "\(optimizer)")
            // Unfrozen later, the parameter starts fresh: its first step equals a fresh parameter's first step.
            frozen.isFrozen = false
            optimizer.step([frozen])
            let fresh = try parameter([1, 2], grad: [0.5, 0.5])
            optimizer.reset()
            optimizer.step([fresh])
            XCTAssertEqual(frozen.scalars, fresh.scalars, "\(optimizer)")
            frozen.isFrozen = true
            optimizer.reset()
        }
    }

    func testParameterLearningRateOverridesTheOptimizers() throws {
        let slow = try parameter([1.0], grad: [1.0])
        slow.learningRate = 0.01
        let normal = try parameter([1.0], grad: [1.0])
        SGD(learningRate: 0.5).step([slow, normal])
        XCTAssertEqual(slow.item, 0.99, accuracy: 1e-15)
        XCTAssertEqual(normal.item, 0.5, accuracy: 1e-15)
    }

    func testParametersWithoutGradientsAreSkipped() throws {
        let p = try Tensor(shape: [1], values: [3], dtype: .float64, requiresGrad: true)
        Adam(learningRate: 1).step([p])
        XCTAssertEqual(p.item, 3)
    }

    func testClippingScalesToTheGlobalNorm() throws {
        let a = try parameter([0, 0], grad: [3, 0])
        let b = try parameter([0], grad: [4])
        let before = clipGradientNorm([a, b], maxNorm: 1)
        XCTAssertEqual(before, 5, accuracy: 1e-15)
        XCTAssertEqual(gradientNorm([a, b]), 1, accuracy: 1e-6)
        XCTAssertEqual(a.grad![0] / b.grad![0], 0.75, accuracy: 1e-15)
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 10), gradientNorm([a, b]))
    }

    /// As clip_grad_norm_ over a model whose frozen parameters have no gradient: a frozen
    /// parameter's gradient is neither counted in the norm nor scaled.
    func testClippingLeavesFrozenParametersOut() throws {
        let a = try parameter([0, 0], grad: [3, 0])
        let b = try parameter([0], grad: [4])
        let frozen = try parameter([0], grad: [100])
        frozen.isFrozen = true
        XCTAssertEqual(gradientNorm([a, frozen, b]), 5, accuracy: 1e-15)
        XCTAssertEqual(clipGradientNorm([a, frozen, b], maxNorm: 1), 5, accuracy: 1e-15)
        XCTAssertEqual(b.grad![0], 4 / (5 + 1e-6), accuracy: 1e-15)
        XCTAssertEqual(frozen.grad, [100])
    }

    func testSchedulesInClosedForm() {
        XCTAssertEqual(LearningRateSchedule.step(size: 10, gamma: 0.5).rate(base: 1, at: 25), 0.25)
        XCTAssertEqual(
            LearningRateSchedule.exponential(gamma: 0.9).rate(base: 2, at: 2), 1.62, accuracy: 1e-15)
        let cosine = LearningRateSchedule.cosine(period: 100, minimum: 0.1)
        XCTAssertEqual(cosine.rate(base: 1, at: 0), 1, accuracy: 1e-15)
        XCTAssertEqual(cosine.rate(base: 1, at: 50), 0.55, accuracy: 1e-15)
        XCTAssertEqual(cosine.rate(base: 1, at: 100), 0.1, accuracy: 1e-15)
        let warmup = LearningRateSchedule.linearWarmup(steps: 4, startFactor: 0.2)
        for (step, expected) in [0.2, 0.4, 0.6, 0.8, 1, 1].enumerated() {
            XCTAssertEqual(warmup.rate(base: 1, at: step), expected, accuracy: 1e-15, "warm-up step \(step)")
        }
    }

    /// nanoGPT's get_lr with warmup_iters 4, lr_decay_iters 14, learning_rate 6e-4, min_lr 6e-5:
    /// (it + 1)/(4 + 1) of the rate, then the cosine from the rate to min_lr over 10 steps.
    func testWarmupThenCosineIsNanoGPTs() {
        let schedule = LearningRateSchedule.warmup(steps: 4, then: .cosine(period: 10, minimum: 6e-5))
        func nanoGPT(_ it: Int) -> Double {
            if it < 4 { return 6e-4 * Double(it + 1) / 5 }
            if it > 14 { return 6e-5 }
            let ratio = Double(it - 4) / Double(14 - 4)
            return 6e-5 + 0.5 * (1 + Foundation.cos(Double.pi * ratio)) * (6e-4 - 6e-5)
        }
        for it in 0...20 {
            XCTAssertEqual(schedule.rate(base: 6e-4, at: it), nanoGPT(it), accuracy: 1e-18, "it \(it)")
        }
    }
}
