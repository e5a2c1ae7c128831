import Foundation

/// A learning rate as a function of the step (or epoch) count, in closed form as
/// PyTorch's StepLR, ExponentialLR, CosineAnnealingLR and LinearLR give it, and nanoGPT's
/// warm-up before another schedule.
public indirect enum LearningRateSchedule: Sendable, Equatable {
    /// The base rate throughout.
    case constant
    /// base · γ^⌊t/size⌋ (StepLR).
    case step(size: Int, gamma: Double)
    /// base · γ^t (ExponentialLR).
    case exponential(gamma: Double)
    /// η_min + (base − η_min)(1 + cos(πt/T))/2 for t ≤ T, then η_min (CosineAnnealingLR).
    case cosine(period: Int, minimum: Double = 0)
    /// base · (s + (1 − s)·min(t, n)/n): a linear warm-up from factor s over n steps (LinearLR).
    case linearWarmup(steps: Int, startFactor: Double = 1.0 / 3.0)
    /// base · (t + 1)/(n + 1) for the first n steps, then `then` counting from 0 (nanoGPT's
    /// `get_lr`: warm-up, then for instance a cosine to a minimum over the remaining steps).
    case warmup(steps: Int, then: LearningRateSchedule)

    /// The rate at step `t` (0 for the first step).
    public func rate(base: Double, at t: Int) -> Double {
        switch self {
        case .constant:
            return base
        case .step(let size, let gamma):
            return base * Foundation.pow(gamma, Double(t / max(size, 1)))
        case .exponential(let gamma):
            return base * Foundation.pow(gamma, Double(t))
        case .cosine(let period, let minimum):
            let progress = Double(min(t, period)) / Double(max(period, 1))
            return minimum + (base - minimum) * (1 + Foundation.cos(Double.pi * progress)) / 2
        case .linearWarmup(let steps, let startFactor):
            let progress = Double(min(t, steps)) / Double(max(steps, 1))
            return base * (startFactor + (1 - startFactor) * progress)
        case .warmup(let steps, let then):
            guard t >= steps else { return base * Double(t + 1) / Double(steps + 1) }
            return then.rate(base: base, at: t - steps)
        }
    }
}
