import Foundation

/// Leslie Smith's learning-rate range test, as fastai's `lr_find` runs it: `steps` training
/// steps whose rate grows exponentially, start · (end/start)^(i/steps) at step i (0-based), the
/// loss smoothed as fastai's recorder smooths it (an exponential average with β = 0.98 and bias
/// correction), stopped early when the smoothed loss exceeds `divergenceFactor` times the best so
/// far. Every step is `Trainer.step` through `Trainer.run`, on the batches the trainer's cursor and
/// generator give, so the caller decides what is a copy.
public struct LearningRateRangeTest: Sendable, Equatable {
    public var startRate: Double
    public var endRate: Double
    public var steps: Int
    /// β of the smoothed loss.
    public var smoothing: Double
    /// Stop once the smoothed loss passes this multiple of its best (fastai's `stop_div`).
    public var divergenceFactor: Double?

    /// fastai's defaults: 1e-7 to 10 over 100 steps, β 0.98, stop past 4× the best loss.
    public init(
        startRate: Double = 1e-7, endRate: Double = 10, steps: Int = 100, smoothing: Double = 0.98,
        divergenceFactor: Double? = 4
    ) {
        self.startRate = startRate
        self.endRate = endRate
        self.steps = steps
        self.smoothing = smoothing
        self.divergenceFactor = divergenceFactor
    }

    /// One step of the sweep.
    public struct Point: Sendable, Equatable {
        /// 1 for the first step.
        public var step: Int
        public var learningRate: Double
        /// The batch loss before the step's update.
        public var loss: Double
        /// The bias-corrected exponential average of the losses so far.
        public var smoothedLoss: Double
    }

    /// Why the sweep ended.
    public enum Ending: Sendable, Equatable {
        /// Every step ran.
        case completed
        /// The smoothed loss passed `divergenceFactor` times its best.
        case diverged
        /// The step at `learningRate` was refused: its loss, a gradient or the update was not
        /// finite (`error` names where); `loss` is that step's loss, when it was computed.
        case nonFinite(step: Int, learningRate: Double, loss: Double?, error: EngineError)
        case cancelled
    }

    /// A suggested rate and the point of the sweep it was read from.
    public struct Suggestion: Sendable, Equatable {
        public var learningRate: Double
        public var point: Point
    }

    public struct Result: Sendable, Equatable {
        public var points: [Point]
        public var ending: Ending
        /// The rate where the smoothed loss falls fastest against log(rate) (fastai's `steep`), read
        /// before the lowest point: fastai reads the whole curve, where a bounce on the way up can win.
        public var steepest: Suggestion?
        /// A tenth of the rate with the lowest smoothed loss (fastai's `minimum`).
        public var minimumOverTen: Suggestion?
        /// The points the suggestions were read from: fastai's slice, leaving out the first
        /// tenth of the steps and the last five points, or every point when that leaves fewer than two.
        public var suggestionRange: Range<Int>
    }

    /// The trainer's schedule for the sweep: start · γ^i with γ = (end/start)^(1/steps).
    public var schedule: LearningRateSchedule {
        .exponential(gamma: pow(endRate / startRate, 1 / Double(steps)))
    }

    /// The rate of step `index` (0-based), as the schedule computes it.
    public func rate(at index: Int) -> Double {
        schedule.rate(base: startRate, at: index)
    }

    /// Runs the sweep with `trainer` on `data`. The trainer's network, optimizer, cursor and
    /// generator are used and changed: pass a trainer of a copy. Its rate schedule is replaced.
    public func run(
        _ trainer: Trainer, on data: Samples, batchSize: Int, shuffle: Bool,
        shouldStop: () -> Bool = { false }
    ) throws -> Result {
        trainer.baseLearningRate = startRate
        trainer.schedule = schedule
        trainer.schedulesPerEpoch = false
        var points: [Point] = []
        var average = 0.0
        var best = Double.infinity
        var ending = Ending.completed
        do {
            let summary = try trainer.run(
                on: data,
                TrainingOptions(
                    length: .steps(steps), batchSize: batchSize, shuffle: shuffle, keepsEpochLosses: false),
                onStep: { report in
                    let loss = report.metrics.loss
                    // fastai's AvgSmoothLoss: a lerp towards the loss, divided by 1 − β^count.
                    average = smoothing * average + (1 - smoothing) * loss
                    let smoothed = average / (1 - pow(smoothing, Double(points.count + 1)))
                    points.append(
                        Point(
                            step: points.count + 1, learningRate: report.metrics.learningRate, loss: loss,
                            smoothedLoss: smoothed))
                    best = min(best, smoothed)
                    // A best of 0 (a batch fitted exactly, as a perceptron's often is) is no scale to diverge from.
                    if let factor = divergenceFactor, best > 0, smoothed > factor * best {
                        ending = .diverged
                        return .stop
                    }
                    return .proceed
                }, shouldStop: shouldStop)
            if summary.ending == .cancelled { ending = .cancelled }
        } catch let error as EngineError where error.nonFiniteSite != nil {
            ending = .nonFinite(
                step: points.count + 1, learningRate: rate(at: points.count), loss: trainer.lastLoss,
                error: error)
        }
        return Self.suggest(points, ending: ending, steps: steps)
    }

    /// The result with fastai's `steep` and `minimum` suggestions read from `points`.
    static func suggest(_ points: [Point], ending: Ending, steps: Int) -> Result {
        var range = (steps / 10)..<max(steps / 10, points.count - 5)
        if range.count < 2 { range = 0..<points.count }
        let considered = Array(points[range])
        var steepest: Suggestion?
        var lowest: Suggestion?
        if considered.count >= 2 {
            let lowestIndex = considered.indices.min {
                considered[$0].smoothedLoss < considered[$1].smoothedLoss
            }!
            // The fall before the lowest point: a bounce after it, on the way up, is no place to train.
            let last = lowestIndex > 0 ? lowestIndex : considered.count - 1
            var bestSlope = Double.infinity
            for index in 0..<last {
                let left = considered[index]
                let right = considered[index + 1]
                let slope =
                    (right.smoothedLoss - left.smoothedLoss)
                    / (log(right.learningRate) - log(left.learningRate))
                if slope < bestSlope {
                    bestSlope = slope
                    steepest = Suggestion(learningRate: left.learningRate, point: left)
                }
            }
            let minimum = considered[lowestIndex]
            lowest = Suggestion(learningRate: minimum.learningRate / 10, point: minimum)
        }
        return Result(
            points: points, ending: ending, steepest: steepest, minimumOverTen: lowest, suggestionRange: range
        )
    }
}
