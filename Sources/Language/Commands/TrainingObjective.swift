import Engine

/// What `train` minimises besides the net's own loss, and in what precision: `teacher=NAME
/// temperature=T alpha=A` (distillation from another net's softened outputs) and
/// `precision=f16|bf16 loss_scale=dynamic|N|none` (mixed precision, simulated). Both are read
/// and checked before anything is shown, so a mistaken option shows nothing but its error.
enum TrainingObjective {
    static let distillationOptions = ["teacher", "temperature", "alpha"]
    static let defaultTemperature = 2.0
    static let defaultAlpha = 0.5
    static let precisionNames = ReducedPrecision.allCases.map(\.rawValue)
    static let lossScaleNames = ["dynamic", "none"]

    /// The distillation `train`'s options ask for, or nil without `teacher=`.
    static func distillation(
        _ command: CommandStatement, student: NetRecord, data: DataRecord, in context: ExecutionContext
    ) throws -> Distillation? {
        guard let teacherOption = command.option("teacher") else {
            for name in ["temperature", "alpha"] {
                if let given = command.option(name) {
                    throw LanguageError.notAllowed(
                        why: "\(name)= is for distillation, which needs teacher=NET",
                        notes: ["for example: train 20 teacher=big temperature=4 alpha=0.9"],
                        at: given.nameRange)
                }
            }
            return nil
        }
        let range = teacherOption.value.range
        guard let teacherName = teacherOption.value.name else {
            throw LanguageError.notAllowed(why: "teacher= takes a net's name", at: range)
        }
        let teacher = try context.netRecord(teacherName, at: range)
        guard teacher.name != student.name else {
            throw LanguageError.notAllowed(
                why: "net '\(student.name)' cannot be its own teacher",
                notes: ["the teacher is another, usually larger, net trained on the same data"], at: range)
        }
        guard data.training.task.classCount != nil else {
            throw LanguageError.notAllowed(
                why:
                    "distillation needs a classification data set, and '\(data.name)' has real-valued targets",
                notes: ["the soft targets are the teacher's class probabilities"], at: range)
        }
        guard student.rule == .backprop, student.loss.kind == .crossEntropy else {
            throw LanguageError.notAllowed(
                why: "distillation trains the student by cross-entropy, and net '\(student.name)' has loss "
                    + (student.rule == .backprop
                        ? student.loss.kind.rawValue : "of the \(student.rule.rawValue) rule"),
                notes: ["loss ce before train ... teacher="], at: command.nameRange)
        }
        for (role, record) in [("student", student), ("teacher", teacher)] {
            guard let last = record.network.layers.last as? DenseLayer, last.activation == .softmax else {
                throw LanguageError.notAllowed(
                    why:
                        "the \(role) '\(record.name)' must end in a softmax layer, whose logits are distilled",
                    notes: ["for example: net \(record.name) = 64 -> 16 relu -> 10 softmax"],
                    at: role == "teacher" ? range : command.nameRange)
            }
        }
        let studentSpec = student.network.spec
        let teacherSpec = teacher.network.spec
        guard teacherSpec.outputWidth == studentSpec.outputWidth else {
            throw LanguageError.shapeMismatch(
                why: "the teacher '\(teacher.name)' gives \(teacherSpec.outputWidth) outputs but the student "
                    + "'\(student.name)' gives \(studentSpec.outputWidth)",
                notes: ["teacher and student give one output per class of the same data"], at: range)
        }
        guard teacherSpec.inputWidth == studentSpec.inputWidth,
            teacherSpec.inputKind == studentSpec.inputKind,
            teacherSpec.vocabularySize == studentSpec.vocabularySize
        else {
            throw LanguageError.shapeMismatch(
                why: "the teacher '\(teacher.name)' reads \(describe(teacherSpec)) but the student "
                    + "'\(student.name)' reads \(describe(studentSpec))",
                notes: ["the teacher reads the student's inputs"], at: range)
        }
        let temperature = OptionReader.number(command, "temperature") ?? defaultTemperature
        guard temperature > 0, temperature <= 1000 else {
            throw LanguageError.outOfRange(
                subject: "temperature", mustBe: "above 0 and at most 1000",
                notes: ["1 is the plain softmax; higher values soften the teacher's probabilities"],
                at: command.option("temperature")?.value.range)
        }
        let alpha = OptionReader.number(command, "alpha") ?? defaultAlpha
        guard (0...1).contains(alpha) else {
            throw LanguageError.outOfRange(
                subject: "alpha", mustBe: "between 0 and 1",
                notes: ["alpha weighs the teacher's soft targets, 1 − alpha the labels"],
                at: command.option("alpha")?.value.range)
        }
        return Distillation(teacher: teacher.network, temperature: temperature, alpha: alpha)
    }

    /// The mixed precision `train`'s options ask for, or nil without `precision=`.
    static func precision(_ command: CommandStatement, record: NetRecord) throws -> MixedPrecision? {
        guard let name = OptionReader.word(command, "precision") else {
            if let given = command.option("loss_scale") {
                throw LanguageError.notAllowed(
                    why: "loss_scale= is for mixed precision, which needs precision=f16 or bf16",
                    at: given.nameRange)
            }
            return nil
        }
        // The validator has checked the choice.
        let format = ReducedPrecision(rawValue: name) ?? .float16
        guard record.rule == .backprop else {
            throw LanguageError.needsBackprop(
                .precision, net: record.name, rule: record.rule, at: command.option("precision")?.nameRange)
        }
        let scaling: LossScaling
        switch command.option("loss_scale")?.value.kind {
        case nil: scaling = format == .float16 ? .dynamic() : .none
        case .number(let scale)?:
            guard scale > 0, scale <= format.greatestFiniteMagnitude else {
                throw LanguageError.notAllowed(
                    why:
                        "loss_scale must be above 0 and at most \(ValueFormatter(digits: 6).format(format.greatestFiniteMagnitude)), "
                        + "\(name)'s largest number", notes: ["powers of two keep the unscaling exact"],
                    at: command.option("loss_scale")?.value.range)
            }
            scaling = .fixed(scale)
        case .path(let parts)? where parts == ["dynamic"]: scaling = .dynamic()
        default: scaling = .none
        }
        return MixedPrecision(format: format, scaling: scaling)
    }

    private static func describe(_ spec: NetworkSpec) -> String {
        if let vocabularySize = spec.vocabularySize {
            return "\(spec.inputWidth) tokens of \(vocabularySize)"
        }
        return "\(spec.inputWidth) inputs"
    }
}
