/// How a mixed-precision step scales its loss before the backward, so gradients too small for
/// the 16-bit format survive its rounding; they are divided by the scale again before the
/// update, which reads the full-precision master weights.
public enum LossScaling: Sendable, Equatable {
    /// No scaling (a scale of 1).
    case none
    /// A fixed scale. A step whose gradients overflow is refused as non-finite, as without scaling.
    case fixed(Double)
    /// torch.amp's GradScaler: start at `initial`, multiply by `growth` after `interval`
    /// steps in a row with finite gradients, and on a step with an infinity or NaN skip the
    /// update and multiply by `backoff`.
    case dynamic(initial: Double = 65536, growth: Double = 2, backoff: Double = 0.5, interval: Int = 2000)
}

/// The state of a run's loss scale: the scale the next backward is seeded with, and for the
/// dynamic kind its count of good steps in a row (GradScaler's `_growth_tracker`).
public struct LossScaler: Sendable, Equatable {
    /// How the scale changes.
    public let scaling: LossScaling
    /// The scale of the next step.
    public private(set) var scale: Double
    /// Steps in a row whose gradients were finite, since the last growth or backoff.
    public private(set) var goodSteps = 0
    /// Steps whose update was skipped because a gradient overflowed.
    public private(set) var skippedSteps = 0

    /// A scaler at its starting scale.
    public init(_ scaling: LossScaling) {
        self.scaling = scaling
        switch scaling {
        case .none: scale = 1
        case .fixed(let value): scale = value
        case .dynamic(let initial, _, _, _): scale = initial
        }
    }

    /// The scaler as it goes on into a new run: the same scale and count of good steps (as one
    /// GradScaler object serves a whole training loop), the skipped steps counted afresh.
    public func continued() -> LossScaler {
        var next = self
        next.skippedSteps = 0
        return next
    }

    /// Whether a step whose gradients were `finite` is skipped rather than applied: only the
    /// dynamic kind skips (and backs off); it grows after its interval of good steps.
    mutating func record(finite: Bool) -> Bool {
        guard case .dynamic(_, let growth, let backoff, let interval) = scaling else { return false }
        if !finite {
            scale *= backoff
            goodSteps = 0
            skippedSteps += 1
            return true
        }
        goodSteps += 1
        if goodSteps == interval {
            scale *= growth
            goodSteps = 0
        }
        return false
    }
}
