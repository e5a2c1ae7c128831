/// Stochastic gradient descent with momentum, dampening, Nesterov and weight decay,
/// as torch.optim.SGD:
///
///     g ← g + λθ;  b ← g (first step) or μb + (1−τ)g;  g ← g + μb (Nesterov) or b;  θ ← θ − γg
public final class SGD: ParameterwiseOptimizer {
    public var learningRate: Double
    public var momentum: Double
    public var dampening: Double
    public var nesterov: Bool
    public var weightDecay: Double
    public var states = OptimizerStateTable()

    public init(
        learningRate: Double, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
        weightDecay: Double = 0
    ) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Tensor]) { updateEach(parameters) }

    public func explainUpdate(of parameter: Tensor) -> UpdateExplanation {
        let rate = UpdateExplanation.Scalar.named("lr", parameter.learningRate ?? learningRate)
        guard momentum != 0 else {
            return UpdateExplanation(
                formula: UpdateExplanation.decayLine(weightDecay) + ["θ ← θ − lr·g"], scalars: [rate])
        }
        let state = states.existingState(for: parameter)
        let descent = nesterov ? "θ ← θ − lr·(g + μ·b)   (Nesterov)" : "θ ← θ − lr·b"
        return UpdateExplanation(
            formula: UpdateExplanation.decayLine(weightDecay) + [
                "b ← g at the first step, then b ← μ·b + (1 − τ)·g   (momentum μ, dampening τ)", descent,
            ],
            scalars: [
                rate, .named("μ", momentum), .named("τ", dampening), .named("t", Double(state?.step ?? 0)),
            ],
            buffers: UpdateExplanation.buffer("b (momentum buffer)", 0, of: state))
    }

    func update<S: EngineScalar>(_: S.Type, _ parameter: Tensor) {
        let theta = parameter.values(S.self)
        let grad = parameter.gradients(S.self)
        let lr = S(parameter.learningRate ?? learningRate)
        let decay = S(weightDecay)
        let mu = S(momentum)
        let keep = S(1 - dampening)
        let n = parameter.count
        let state = momentum == 0 ? nil : states.state(for: parameter)
        let first = state?.step == 0
        state?.step += 1
        let update = SGDUpdate(
            theta: theta, grad: grad, buffer: state?.buffer(0).pointer(S.self), rate: lr, decay: decay,
            momentum: mu, keep: keep, first: first, nesterov: nesterov)
        WorkerPool.shared.forEachChunk(count: n, minimumChunk: 1 << 15, alignment: 16, update)
    }
}

/// The SGD update of one parameter, as a loop the worker pool can split. One fused,
/// branch-free pass per case: each element's gradient, buffer and weight are read once,
/// which halves the memory traffic that bounds the update of large layers.
private struct SGDUpdate<S: EngineScalar>: ChunkedLoop {
    let theta: UnsafeMutablePointer<S>
    let grad: UnsafeMutablePointer<S>
    /// The momentum buffer; nil without momentum.
    let buffer: UnsafeMutablePointer<S>?
    let rate: S
    let decay: S
    let momentum: S
    /// 1 − dampening.
    let keep: S
    /// The first step fills the buffer with the gradient, as PyTorch.
    let first: Bool
    let nesterov: Bool

    func run(_ range: Range<Int>) {
        let (lr, mu) = (rate, momentum)
        guard let buffer else {
            for i in range { theta[i] -= lr * (grad[i] + decay * theta[i]) }
            return
        }
        switch (first, nesterov) {
        case (true, false):
            for i in range {
                let b = grad[i] + decay * theta[i]
                buffer[i] = b
                theta[i] -= lr * b
            }
        case (false, false):
            for i in range {
                let b = mu * buffer[i] + keep * (grad[i] + decay * theta[i])
                buffer[i] = b
                theta[i] -= lr * b
            }
        case (true, true):
            for i in range {
                let g = grad[i] + decay * theta[i]
                buffer[i] = g
                theta[i] -= lr * (g + mu * g)
            }
        case (false, true):
            for i in range {
                let g = grad[i] + decay * theta[i]
                let b = mu * buffer[i] + keep * g
                buffer[i] = b
                theta[i] -= lr * (g + mu * b)
            }
        }
    }
}
