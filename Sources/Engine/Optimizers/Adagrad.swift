/// Adagrad as torch.optim.Adagrad:
///
///     g ← g + λθ;  γ̃ ← γ/(1 + (t−1)η);  s ← s + g²;  θ ← θ − γ̃ g/(√s + ε)
public final class Adagrad: ParameterwiseOptimizer {
    public var learningRate: Double
    public var learningRateDecay: Double
    public var weightDecay: Double
    public var initialAccumulator: Double
    public var epsilon: Double
    public var states = OptimizerStateTable()

    public init(
        learningRate: Double = 0.01, learningRateDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulator: Double = 0, epsilon: Double = 1e-10
    ) {
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.initialAccumulator = initialAccumulator
        self.epsilon = epsilon
    }

    public func step(_ parameters: [Tensor]) { updateEach(parameters) }

    public func explainUpdate(of parameter: Tensor) -> UpdateExplanation {
        let state = states.existingState(for: parameter)
        let step = state?.step ?? 0
        let lr = parameter.learningRate ?? learningRate
        return UpdateExplanation(
            formula: UpdateExplanation.decayLine(weightDecay) + [
                "lr_t ← lr/(1 + (t − 1)·η)   (lr_decay η)", "s ← s + g²", "θ ← θ − lr_t · g/(√s + ε)",
            ],
            scalars: [
                .named("lr", lr), .named("t", Double(step)),
                .named("lr_t", lr / (1 + Double(max(step - 1, 0)) * learningRateDecay)), .named("ε", epsilon),
            ],
            buffers: UpdateExplanation.buffer("s (sum of g²)", 0, of: state))
    }

    func update<S: EngineScalar>(_: S.Type, _ parameter: Tensor) {
        let state = states.state(for: parameter)
        let sum = state.buffer(0).pointer(S.self)
        if state.step == 0 {
            for i in 0..<parameter.count { sum[i] = S(initialAccumulator) }
        }
        state.step += 1
        let theta = parameter.values(S.self)
        let grad = parameter.gradients(S.self)
        let lr = parameter.learningRate ?? learningRate
        let clr = S(lr / (1 + Double(state.step - 1) * learningRateDecay))
        let eps = S(epsilon)
        let decay = S(weightDecay)
        for i in 0..<parameter.count {
            let g = grad[i] + decay * theta[i]
            sum[i] += g * g
            theta[i] -= clr * g / (sum[i].squareRoot() + eps)
        }
    }
}
