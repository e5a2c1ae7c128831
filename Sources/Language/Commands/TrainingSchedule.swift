import Engine

/// `train`'s learning-rate schedule over the run's steps: `schedule=constant|cosine|step|
/// exponential`, optionally after `warmup=N` steps rising linearly to the net's rate (nanoGPT's
/// warm-up, base·(t + 1)/(N + 1)). Cosine decays to `min_lr=` (default a tenth of the rate, the
/// Chinchilla advice nanoGPT follows) at the run's last step; step multiplies by `gamma=`
/// (default 0.1) every `step_size=` steps; exponential multiplies by `gamma=` every step. The
/// step count t starts at 0 with each `train`, and the net's own rate is untouched afterwards.
enum TrainingSchedule {
    static let names = ["constant", "cosine", "step", "exponential"]
    static let options = ["schedule", "warmup", "min_lr", "gamma", "step_size"]

    /// The schedule the options describe for a run of `totalSteps` steps from rate `base`, or
    /// `.constant` when none is given.
    static func make(_ command: CommandStatement, totalSteps: Int, base: Double) throws
        -> LearningRateSchedule
    {
        let name = OptionReader.word(command, "schedule") ?? "constant"
        let warmup = try OptionReader.integer(command, "warmup", atLeast: 0) ?? 0
        if warmup >= totalSteps, warmup > 0 {
            throw Diagnostic(
                .valueError, "warmup=\(warmup) is not shorter than the run's \(totalSteps) steps",
                at: command.option("warmup")?.value.range,
                notes: ["the warm-up takes the first steps of the run; the schedule the rest"])
        }
        for option in ["min_lr", "gamma", "step_size"] {
            guard let given = command.option(option) else { continue }
            let usedBy =
                option == "min_lr" ? ["cosine"] : option == "step_size" ? ["step"] : ["step", "exponential"]
            if !usedBy.contains(name) {
                throw Diagnostic(
                    .valueError, "\(option)= is for schedule=\(usedBy.joined(separator: " or "))",
                    at: given.nameRange, notes: ["this run's schedule is \(name)"])
            }
        }
        let decaying = totalSteps - warmup
        let schedule: LearningRateSchedule
        switch name {
        case "cosine":
            let minimum = OptionReader.number(command, "min_lr") ?? base / 10
            guard minimum >= 0, minimum <= base else {
                throw Diagnostic(
                    .valueError,
                    "min_lr must be between 0 and the net's rate \(ValueFormatter(digits: 6).format(base))",
                    at: command.option("min_lr")?.value.range)
            }
            schedule = .cosine(period: max(decaying - 1, 1), minimum: minimum)
        case "step":
            guard let size = try OptionReader.integer(command, "step_size", atLeast: 1) else {
                throw Diagnostic(
                    .valueError, "schedule=step needs step_size=N, the steps between decays",
                    at: command.option("schedule")?.value.range,
                    notes: ["for example: schedule=step step_size=1000 gamma=0.5"])
            }
            schedule = .step(size: size, gamma: try gamma(command))
        case "exponential":
            schedule = .exponential(gamma: try gamma(command))
        default:
            schedule = .constant
        }
        return warmup > 0 ? .warmup(steps: warmup, then: schedule) : schedule
    }

    private static func gamma(_ command: CommandStatement) throws -> Double {
        let value = OptionReader.number(command, "gamma") ?? 0.1
        guard value > 0, value <= 1 else {
            throw Diagnostic(
                .valueError, "gamma must be above 0 and at most 1", at: command.option("gamma")?.value.range,
                notes: ["the rate is multiplied by gamma at each decay"])
        }
        return value
    }
}
