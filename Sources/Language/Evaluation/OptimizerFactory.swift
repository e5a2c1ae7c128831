import Engine

/// Makes an engine optimizer from an `optim` choice; the classic rules get the engine's `ClassicUpdate`.
enum OptimizerFactory {
    /// The `optim` options each optimizer reads; the others would be silently ignored.
    static func options(of name: String) -> [String] {
        switch name {
        case "sgd": return ["lr", "momentum", "dampening", "nesterov", "weight_decay"]
        case "adam", "adamw": return ["lr", "beta1", "beta2", "eps", "weight_decay"]
        case "rmsprop": return ["lr", "alpha", "eps", "momentum", "weight_decay"]
        case "adagrad": return ["lr", "weight_decay"]
        default: return ["lr"]
        }
    }

    static func make(_ choice: OptimizerChoice) throws -> any Optimizer {
        let settings = choice.settings
        let lr = choice.learningRate
        switch choice.name {
        case "perceptron", "lms":
            return ClassicUpdate(learningRate: lr)
        case "sgd":
            return SGD(
                learningRate: lr, momentum: settings["momentum"] ?? 0, dampening: settings["dampening"] ?? 0,
                nesterov: (settings["nesterov"] ?? 0) != 0, weightDecay: settings["weight_decay"] ?? 0)
        case "adam":
            return Adam(
                learningRate: lr, beta1: settings["beta1"] ?? 0.9, beta2: settings["beta2"] ?? 0.999,
                epsilon: settings["eps"] ?? 1e-8, weightDecay: settings["weight_decay"] ?? 0)
        case "adamw":
            return Adam.adamW(
                learningRate: lr, beta1: settings["beta1"] ?? 0.9, beta2: settings["beta2"] ?? 0.999,
                epsilon: settings["eps"] ?? 1e-8, weightDecay: settings["weight_decay"] ?? 0.01)
        case "rmsprop":
            return RMSprop(
                learningRate: lr, alpha: settings["alpha"] ?? 0.99, epsilon: settings["eps"] ?? 1e-8,
                weightDecay: settings["weight_decay"] ?? 0, momentum: settings["momentum"] ?? 0)
        case "adagrad":
            return Adagrad(learningRate: lr, weightDecay: settings["weight_decay"] ?? 0)
        default:
            throw Diagnostic.unknown("optimizer", choice.name, at: nil, among: CommandCatalogue.optimizers)
        }
    }
}

extension OptimizerFactory {
    /// Buffers shaped like each parameter that the optimizer keeps (momentum, moments), as the
    /// engine's optimizers allocate them at their first update.
    static func stateBuffers(_ choice: OptimizerChoice) -> Int {
        let momentum = (choice.settings["momentum"] ?? 0) != 0
        switch choice.name {
        case "sgd": return momentum ? 1 : 0
        case "adam", "adamw": return 2
        case "rmsprop": return momentum ? 2 : 1
        case "adagrad": return 1
        default: return 0
        }
    }
}
