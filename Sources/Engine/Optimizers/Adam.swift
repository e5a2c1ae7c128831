/// Adam and AdamW as torch.optim.Adam / AdamW (with AMSGrad):
///
///     Adam:  g ← g + λθ          AdamW: θ ← θ(1 − γλ)
///     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  v̂max ← max(v̂max, v) (AMSGrad)
///     θ ← θ − (γ/(1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)
public final class Adam: ParameterwiseOptimizer {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var amsgrad: Bool
    /// Decoupled weight decay (AdamW) instead of L2 added to the gradient.
    public let decoupled: Bool
    public var states = OptimizerStateTable()

    /// torch.optim.Adam (weight decay 0 by default).
    public convenience init(
        learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false
    ) {
        self.init(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, amsgrad: amsgrad, decoupled: false)
    }

    /// torch.optim.AdamW (weight decay 0.01 by default).
    public static func adamW(
        learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        weightDecay: Double = 0.01, amsgrad: Bool = false
    ) -> Adam {
        Adam(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay,
            amsgrad: amsgrad, decoupled: true)
    }

    private init(
        learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double,
        amsgrad: Bool,
        decoupled: Bool
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupled = decoupled
    }

    public func step(_ parameters: [Tensor]) { updateEach(parameters) }

    public func explainUpdate(of parameter: Tensor) -> UpdateExplanation {
        let state = states.existingState(for: parameter)
        let lr = parameter.learningRate ?? learningRate
        let t = Double(state?.step ?? 0)
        let decay =
            decoupled
            ? (weightDecay == 0 ? [] : ["θ ← θ·(1 − lr·λ)   (decoupled weight_decay λ)"])
            : UpdateExplanation.decayLine(weightDecay)
        let second = amsgrad ? "v̂ ← max(v̂, v)" : nil
        let root = amsgrad ? "√v̂" : "√v"
        return UpdateExplanation(
            formula: decay + ["m ← β₁·m + (1 − β₁)·g", "v ← β₂·v + (1 − β₂)·g²"] + (second.map { [$0] } ?? [])
                + ["θ ← θ − lr/(1 − β₁ᵗ) · m / (\(root)/√(1 − β₂ᵗ) + ε)"],
            scalars: [
                .named("lr", lr), .named("t", t), .named("1 − β₁ᵗ", 1 - Double.power(beta1, t)),
                .named("1 − β₂ᵗ", 1 - Double.power(beta2, t)), .named("ε", epsilon),
            ],
            buffers: UpdateExplanation.buffer("m (first moment)", 0, of: state)
                + UpdateExplanation.buffer("v (second moment)", 1, of: state)
                + (amsgrad ? UpdateExplanation.buffer("v̂ (largest v)", 2, of: state) : []))
    }

    func update<S: EngineScalar>(_: S.Type, _ parameter: Tensor) {
        let state = states.state(for: parameter)
        state.step += 1
        let theta = parameter.values(S.self)
        let grad = parameter.gradients(S.self)
        let m = state.buffer(0).pointer(S.self)
        let v = state.buffer(1).pointer(S.self)
        let vMax = amsgrad ? state.buffer(2).pointer(S.self) : v
        let lr = parameter.learningRate ?? learningRate
        let t = Double(state.step)
        let stepSize = S(lr / (1 - Double.power(beta1, t)))
        let rootCorrection = S((1 - Double.power(beta2, t)).squareRoot())
        let b1 = S(beta1)
        let b2 = S(beta2)
        let eps = S(epsilon)
        let decay = S(weightDecay)
        let shrink = S(1 - lr * weightDecay)
        let n = parameter.count
        if decoupled {
            for i in 0..<n { theta[i] *= shrink }
        }
        // Branch-free loops so the compiler can vectorise the common cases.
        if amsgrad {
            for i in 0..<n {
                let g = decoupled ? grad[i] : grad[i] + decay * theta[i]
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                vMax[i] = Swift.max(vMax[i], v[i])
                theta[i] -= stepSize * m[i] / (vMax[i].squareRoot() / rootCorrection + eps)
            }
        } else {
            let gradientDecay = decoupled ? 0 : decay
            let update = AdamUpdate(
                theta: theta, grad: grad, m: m, v: v, beta1: b1, beta2: b2, stepSize: stepSize,
                rootCorrection: rootCorrection, epsilon: eps, decay: gradientDecay)
            WorkerPool.shared.forEachChunk(count: n, minimumChunk: 1 << 14, alignment: 16, update)
        }
    }
}

/// Adam's update of one parameter (no AMSGrad), as a loop the worker pool can split: a
/// plain loop the compiler vectorises once specialised (with `-fno-math-errno`, the
/// square root included).
private struct AdamUpdate<S: EngineScalar>: ChunkedLoop {
    let theta: UnsafeMutablePointer<S>
    let grad: UnsafeMutablePointer<S>
    let m: UnsafeMutablePointer<S>
    let v: UnsafeMutablePointer<S>
    let beta1: S
    let beta2: S
    let stepSize: S
    let rootCorrection: S
    let epsilon: S
    /// L2 weight decay added to the gradient (0 for AdamW, which decays θ itself).
    let decay: S

    func run(_ range: Range<Int>) {
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for i in range {
            let t = theta[i]
            let g = grad[i] + decay * t
            let mi = b1 * m[i] + (1 - b1) * g
            let vi = b2 * v[i] + (1 - b2) * g * g
            m[i] = mi
            v[i] = vi
            theta[i] = t - stepSize * mi / (vi.squareRoot() / rootCorrection + eps)
        }
    }
}
