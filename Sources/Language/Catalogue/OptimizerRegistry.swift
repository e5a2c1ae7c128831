import Engine

/// Every optimizer `optim` offers, in the order help lists them. Adding one is adding an entry
/// here (and its test): the catalogue, validation, help, completion and `show optim` follow.
///
/// The defaults are PyTorch's, except the learning rate torch.optim.SGD leaves to the user
/// (0.1 here); the classic rules take the rates their
/// `net ... = perceptron N` and `adaline N` nets start with.
public enum OptimizerRegistry {
    public static let all: [OptimizerEntry] = [
        OptimizerEntry(
            name: "sgd", summary: "stochastic gradient descent with momentum, as torch.optim.SGD",
            options: [
                .number("lr", 0.1, "learning rate"),
                .number("momentum", 0, "momentum factor μ, 0 for none"),
                .number("dampening", 0, "dampening τ of the momentum"),
                .flag("nesterov", false, "Nesterov momentum"),
                .number("weight_decay", 0, "L2 penalty λ added to the gradient"),
            ], rule: .backprop,
            stateBuffers: { $0.value(of: "momentum") != 0 ? 1 : 0 },
            make: {
                SGD(
                    learningRate: $0.value(of: "lr"), momentum: $0.value(of: "momentum"),
                    dampening: $0.value(of: "dampening"), nesterov: $0.flag("nesterov"),
                    weightDecay: $0.value(of: "weight_decay"))
            }),
        OptimizerEntry(
            name: "adam", summary: "adaptive moment estimation, as torch.optim.Adam",
            options: adamOptions(weightDecay: 0, "L2 penalty λ added to the gradient"), rule: .backprop,
            stateBuffers: { _ in 2 },
            make: { adam($0, decoupled: false) }),
        OptimizerEntry(
            name: "adamw", summary: "Adam with decoupled weight decay, as torch.optim.AdamW",
            options: adamOptions(weightDecay: 0.01, "decoupled decay λ: θ ← θ(1 − γλ) before each step"),
            rule: .backprop,
            stateBuffers: { _ in 2 },
            make: { adam($0, decoupled: true) }),
        OptimizerEntry(
            name: "rmsprop", summary: "a running average of squared gradients, as torch.optim.RMSprop",
            options: [
                .number("lr", 0.01, "learning rate"),
                .number("alpha", 0.99, "smoothing α of the squared-gradient average"),
                .number("eps", 1e-8, "ε added to the root in the denominator"),
                .number("momentum", 0, "momentum factor μ, 0 for none"),
                .number("weight_decay", 0, "L2 penalty λ added to the gradient"),
            ], rule: .backprop,
            // With momentum the engine's buffer is its third (the second is the centred average's).
            stateBuffers: { $0.value(of: "momentum") > 0 ? 3 : 1 },
            make: {
                RMSprop(
                    learningRate: $0.value(of: "lr"), alpha: $0.value(of: "alpha"),
                    epsilon: $0.value(of: "eps"),
                    weightDecay: $0.value(of: "weight_decay"), momentum: $0.value(of: "momentum"))
            }),
        OptimizerEntry(
            name: "adagrad", summary: "a sum of squared gradients per weight, as torch.optim.Adagrad",
            options: [
                .number("lr", 0.01, "learning rate"),
                .number("weight_decay", 0, "L2 penalty λ added to the gradient"),
            ], rule: .backprop,
            stateBuffers: { _ in 1 },
            make: { Adagrad(learningRate: $0.value(of: "lr"), weightDecay: $0.value(of: "weight_decay")) }),
        OptimizerEntry(
            name: "perceptron", summary: "Rosenblatt's rule w ← w + η (t − step(z)) x, for one unit",
            options: [.number("lr", 1, "learning rate")], rule: .perceptron,
            stateBuffers: { _ in 0 },
            make: { ClassicUpdate(learningRate: $0.value(of: "lr")) }),
        OptimizerEntry(
            name: "lms", summary: "Widrow and Hoff's LMS rule w ← w + η (t − z) x, for one unit",
            options: [.number("lr", 0.01, "learning rate")], rule: .lms,
            stateBuffers: { _ in 0 },
            make: { ClassicUpdate(learningRate: $0.value(of: "lr")) }),
    ]

    /// Every optimizer's name, in help order.
    public static let names = all.map(\.name)

    /// The optimizer called `name`, if there is one.
    public static func entry(named name: String) -> OptimizerEntry? {
        all.first { $0.name == name }
    }

    /// Adam or AdamW from a choice's values: the same options, the decay decoupled or not.
    private static func adam(_ choice: OptimizerChoice, decoupled: Bool) -> Adam {
        let (lr, beta1, beta2) = (
            choice.value(of: "lr"), choice.value(of: "beta1"), choice.value(of: "beta2")
        )
        let (eps, decay) = (choice.value(of: "eps"), choice.value(of: "weight_decay"))
        return decoupled
            ? Adam.adamW(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: decay)
            : Adam(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: decay)
    }

    /// Adam's and AdamW's options, which differ only in what weight decay is and defaults to.
    private static func adamOptions(weightDecay: Double, _ decayMeaning: String) -> [OptimizerEntry.Option] {
        [
            .number("lr", 0.001, "learning rate"),
            .number("beta1", 0.9, "decay β₁ of the first-moment average m"),
            .number("beta2", 0.999, "decay β₂ of the second-moment average v"),
            .number("eps", 1e-8, "ε added to the root in the denominator"),
            .number("weight_decay", weightDecay, decayMeaning),
        ]
    }
}
