/// How torch.optim holds one of the engine's optimizers: its name and hyper-parameters as
/// `train_ddp.py` passes them, which of the engine's state buffers torch keeps under which name,
/// and whether torch counts a step per parameter. `TorchOptimizerExport` writes by it and
/// `restore` reads by it.
struct TorchOptimizerLayout {
    /// torch's class, as `optim` names it (`sgd`, `adam`, `adamw`, `rmsprop`, `adagrad`).
    let name: String
    /// The hyper-parameters, after `name`, for `train_config.json`.
    let settings: [(String, JSONValue)]
    /// Each buffer torch keeps: the engine's buffer index and torch's state key.
    let buffers: [(index: Int, key: String)]
    /// Whether torch keeps a `step` per parameter (all but SGD).
    let keepsSteps: Bool

    /// The optimizers carried over, by their `optim` names.
    static let supported = ["sgd", "adam", "adamw", "rmsprop", "adagrad"]

    init(_ optimizer: any Optimizer) throws(TorchExportError) {
        switch optimizer {
        case let sgd as SGD:
            if sgd.nesterov, sgd.momentum <= 0 || sgd.dampening != 0 {
                throw .nesterovNeedsPlainMomentum(momentum: sgd.momentum, dampening: sgd.dampening)
            }
            name = "sgd"
            settings = [
                ("lr", .number(sgd.learningRate)), ("momentum", .number(sgd.momentum)),
                ("dampening", .number(sgd.dampening)), ("nesterov", .boolean(sgd.nesterov)),
                ("weight_decay", .number(sgd.weightDecay)),
            ]
            buffers = sgd.momentum == 0 ? [] : [(0, "momentum_buffer")]
            keepsSteps = false
        case let adam as Adam:
            name = adam.decoupled ? "adamw" : "adam"
            settings = [
                ("lr", .number(adam.learningRate)), ("beta1", .number(adam.beta1)),
                ("beta2", .number(adam.beta2)),
                ("eps", .number(adam.epsilon)), ("weight_decay", .number(adam.weightDecay)),
                ("amsgrad", .boolean(adam.amsgrad)),
            ]
            buffers = [(0, "exp_avg"), (1, "exp_avg_sq")] + (adam.amsgrad ? [(2, "max_exp_avg_sq")] : [])
            keepsSteps = true
        case let rmsprop as RMSprop:
            name = "rmsprop"
            settings = [
                ("lr", .number(rmsprop.learningRate)), ("alpha", .number(rmsprop.alpha)),
                ("eps", .number(rmsprop.epsilon)), ("weight_decay", .number(rmsprop.weightDecay)),
                ("momentum", .number(rmsprop.momentum)), ("centered", .boolean(rmsprop.centered)),
            ]
            // The engine keeps the centred average second and the momentum third.
            buffers =
                [(0, "square_avg")] + (rmsprop.centered ? [(1, "grad_avg")] : [])
                + (rmsprop.momentum > 0 ? [(2, "momentum_buffer")] : [])
            keepsSteps = true
        case let adagrad as Adagrad:
            name = "adagrad"
            settings = [
                ("lr", .number(adagrad.learningRate)), ("lr_decay", .number(adagrad.learningRateDecay)),
                ("weight_decay", .number(adagrad.weightDecay)),
                ("initial_accumulator_value", .number(adagrad.initialAccumulator)),
                ("eps", .number(adagrad.epsilon)),
            ]
            buffers = [(0, "sum")]
            keepsSteps = true
        default:
            throw .optimizerNotExportable(
                kind: String(describing: type(of: optimizer)), supported: Self.supported)
        }
    }
}
