/// A value stored in a 16-bit format in a mixed-precision pass: the forward rounds the input
/// to the format, and the backward rounds the gradient arriving at it likewise before passing
/// it on (the identity's derivative), as a Float16 tensor and its Float16 gradient would hold
/// them. Both stay in the net's dtype, which holds every value of the format exactly. Its
/// `counts` tally the gradient entries the backward's rounding flushed to zero or made infinite.
struct RoundingOperation: ScalarOperation {
    let format: ReducedPrecision
    let counts = RoundingCounts()

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let y = node.values(S.self)
        for i in 0..<node.count { y[i] = S(format.round(Float(x[i]))) }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let dy = node.gradients(S.self)
        let (dx, beta) = input.gradientsForOverwrite(S.self)
        if beta == 0 {
            for i in 0..<node.count { dx[i] = 0 }
        }
        var flushed = 0
        var overflowed = 0
        for i in 0..<node.count {
            let rounded = S(format.round(Float(dy[i])))
            if rounded == 0 && dy[i] != 0 { flushed += 1 }
            if rounded.isInfinite && dy[i].isFinite { overflowed += 1 }
            dx[i] += rounded
        }
        counts.flushed += flushed
        counts.overflowed += overflowed
    }
}

/// Gradient entries a rounding flushed to zero (nonzero before, zero after) or made infinite
/// (finite before), added up until the reader takes them.
final class RoundingCounts {
    var flushed = 0
    var overflowed = 0

    /// The counts so far, set back to zero.
    func take() -> (flushed: Int, overflowed: Int) {
        defer { (flushed, overflowed) = (0, 0) }
        return (flushed, overflowed)
    }
}

extension Tensor {
    /// This tensor as the 16-bit `format` would store it, as a new graph node whose backward
    /// rounds the gradient to the format too.
    public func rounded(to format: ReducedPrecision) -> Tensor {
        Tensor(computedBy: RoundingOperation(format: format), inputs: [self], shape: shape)
    }
}
