/// RMSprop as torch.optim.RMSprop (ε outside the root, optional centring and momentum):
///
///     g ← g + λθ;  v ← αv + (1−α)g²;  ḡ ← αḡ + (1−α)g (centred);  d ← √(v − ḡ²) + ε
///     b ← μb + g/d; θ ← θ − γb  (momentum)   or   θ ← θ − γ g/d
public final class RMSprop: ParameterwiseOptimizer {
    public var learningRate: Double
    public var alpha: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var momentum: Double
    public var centered: Bool
    public var states = OptimizerStateTable()

    public init(
        learningRate: Double = 0.01, alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0,
        momentum: Double = 0, centered: Bool = false
    ) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
    }

    public func step(_ parameters: [Tensor]) { updateEach(parameters) }

    public func explainUpdate(of parameter: Tensor) -> UpdateExplanation {
        let state = states.existingState(for: parameter)
        let denominator = centered ? "d ← √(v − ḡ²) + ε" : "d ← √v + ε"
        let descent = momentum > 0 ? ["b ← μ·b + g/d", "θ ← θ − lr·b"] : ["θ ← θ − lr·g/d"]
        return UpdateExplanation(
            formula: UpdateExplanation.decayLine(weightDecay) + ["v ← α·v + (1 − α)·g²"]
                + (centered ? ["ḡ ← α·ḡ + (1 − α)·g"] : []) + [denominator] + descent,
            scalars: [
                .named("lr", parameter.learningRate ?? learningRate), .named("α", alpha),
                .named("ε", epsilon), .named("t", Double(state?.step ?? 0)),
            ],
            buffers: UpdateExplanation.buffer("v (mean square)", 0, of: state)
                + (centered ? UpdateExplanation.buffer("ḡ (mean gradient)", 1, of: state) : [])
                + (momentum > 0 ? UpdateExplanation.buffer("b (momentum buffer)", 2, of: state) : []))
    }

    func update<S: EngineScalar>(_: S.Type, _ parameter: Tensor) {
        let state = states.state(for: parameter)
        state.step += 1
        let theta = parameter.values(S.self)
        let grad = parameter.gradients(S.self)
        let square = state.buffer(0).pointer(S.self)
        let average = centered ? state.buffer(1).pointer(S.self) : square
        let buffer = momentum > 0 ? state.buffer(2).pointer(S.self) : square
        let lr = S(parameter.learningRate ?? learningRate)
        let a = S(alpha)
        let eps = S(epsilon)
        let decay = S(weightDecay)
        let mu = S(momentum)
        for i in 0..<parameter.count {
            let g = grad[i] + decay * theta[i]
            square[i] = a * square[i] + (1 - a) * g * g
            var denominator: S
            if centered {
                average[i] = a * average[i] + (1 - a) * g
                denominator = (square[i] - average[i] * average[i]).squareRoot() + eps
            } else {
                denominator = square[i].squareRoot() + eps
            }
            if momentum > 0 {
                buffer[i] = mu * buffer[i] + g / denominator
                theta[i] -= lr * buffer[i]
            } else {
                theta[i] -= lr * g / denominator
            }
        }
    }
}
