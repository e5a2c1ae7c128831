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
            throw LanguageError.notAllowed(
                why: "warmup=\(warmup) is not shorter than the run's \(totalSteps) steps",
                notes: ["the warm-up takes the first steps of the run; the schedule the rest"],
                at: command.option("warmup")?.value.range)
        }
        for option in ["min_lr", "gamma", "step_size"] {
            guard let given = command.option(option) else { continue }
            let usedBy =
                option == "min_lr" ? ["cosine"] : option == "step_size" ? ["step"] : ["step", "exponential"]
            if !usedBy.contains(name) {
                throw LanguageError.notAllowed(
                    why: "\(option)= is for schedule=\(usedBy.joined(separator: " or "))",
                    notes: ["this run's schedule is \(name)"], at: given.nameRange)
            }
        }
        let decaying = totalSteps - warmup
        let schedule: LearningRateSchedule
        switch name {
        case "cosine":
            let minimum = OptionReader.number(command, "min_lr") ?? base / 10
            guard minimum >= 0, minimum <= base else {
                throw LanguageError.outOfRange(
                    subject: "min_lr",
                    mustBe: "between 0 and the net's rate \(ValueFormatter(digits: 6).format(base))",
                    at: command.option("min_lr")?.value.range)
            }
            schedule = .cosine(period: max(decaying - 1, 1), minimum: minimum)
        case "step":
            guard let size = try OptionReader.integer(command, "step_size", atLeast: 1) else {
                throw LanguageError.notAllowed(
                    why: "schedule=step needs step_size=N, the steps between decays",
                    notes: ["for example: schedule=step step_size=1000 gamma=0.5"],
                    at: command.option("schedule")?.value.range)
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
            throw LanguageError.outOfRange(
                subject: "gamma", mustBe: "above 0 and at most 1",
                notes: ["the rate is multiplied by gamma at each decay"],
                at: command.option("gamma")?.value.range)
        }
        return value
    }
}
