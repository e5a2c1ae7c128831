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
                    throw Diagnostic(
                        .valueError, "\(name)= is for distillation, which needs teacher=NET",
                        at: given.nameRange,
                        notes: ["for example: train 20 teacher=big temperature=4 alpha=0.9"])
                }
            }
            return nil
        }
        let range = teacherOption.value.range
        guard let teacherName = teacherOption.value.name else {
            throw Diagnostic(.valueError, "teacher= takes a net's name", at: range)
        }
        let teacher = try context.netRecord(teacherName, at: range)
        guard teacher.name != student.name else {
            throw Diagnostic(
                .valueError, "net '\(student.name)' cannot be its own teacher", at: range,
                notes: ["the teacher is another, usually larger, net trained on the same data"])
        }
        guard data.training.task.classCount != nil else {
            throw Diagnostic(
                .valueError,
                "distillation needs a classification data set, and '\(data.name)' has real-valued targets",
                at: range, notes: ["the soft targets are the teacher's class probabilities"])
        }
        guard student.rule == .backprop, student.loss.kind == .crossEntropy else {
            throw Diagnostic(
                .valueError,
                "distillation trains the student by cross-entropy, and net '\(student.name)' has loss "
                    + (student.rule == .backprop
                        ? student.loss.kind.rawValue : "of the \(student.rule.rawValue) rule"),
                at: command.nameRange, notes: ["loss ce before train ... teacher="])
        }
        for (role, record) in [("student", student), ("teacher", teacher)] {
            guard let last = record.network.layers.last as? DenseLayer, last.activation == .softmax else {
                throw Diagnostic(
                    .valueError,
                    "the \(role) '\(record.name)' must end in a softmax layer, whose logits are distilled",
                    at: role == "teacher" ? range : command.nameRange,
                    notes: ["for example: net \(record.name) = 64 -> 16 relu -> 10 softmax"])
            }
        }
        let studentSpec = student.network.spec
        let teacherSpec = teacher.network.spec
        guard teacherSpec.outputWidth == studentSpec.outputWidth else {
            throw Diagnostic(
                .shapeError,
                "the teacher '\(teacher.name)' gives \(teacherSpec.outputWidth) outputs but the student "
                    + "'\(student.name)' gives \(studentSpec.outputWidth)",
                at: range, notes: ["teacher and student give one output per class of the same data"])
        }
        guard teacherSpec.inputWidth == studentSpec.inputWidth,
            teacherSpec.inputKind == studentSpec.inputKind,
            teacherSpec.vocabularySize == studentSpec.vocabularySize
        else {
            throw Diagnostic(
                .shapeError,
                "the teacher '\(teacher.name)' reads \(describe(teacherSpec)) but the student "
                    + "'\(student.name)' reads \(describe(studentSpec))",
                at: range, notes: ["the teacher reads the student's inputs"])
        }
        let temperature = OptionReader.number(command, "temperature") ?? defaultTemperature
        guard temperature > 0, temperature <= 1000 else {
            throw Diagnostic(
                .valueError, "temperature must be above 0 and at most 1000",
                at: command.option("temperature")?.value.range,
                notes: ["1 is the plain softmax; higher values soften the teacher's probabilities"])
        }
        let alpha = OptionReader.number(command, "alpha") ?? defaultAlpha
        guard (0...1).contains(alpha) else {
            throw Diagnostic(
                .valueError, "alpha must be between 0 and 1", at: command.option("alpha")?.value.range,
                notes: ["alpha weighs the teacher's soft targets, 1 − alpha the labels"])
        }
        return Distillation(teacher: teacher.network, temperature: temperature, alpha: alpha)
    }

    /// The mixed precision `train`'s options ask for, or nil without `precision=`.
    static func precision(_ command: CommandStatement, record: NetRecord) throws -> MixedPrecision? {
        guard let name = OptionReader.word(command, "precision") else {
            if let given = command.option("loss_scale") {
                throw Diagnostic(
                    .valueError, "loss_scale= is for mixed precision, which needs precision=f16 or bf16",
                    at: given.nameRange)
            }
            return nil
        }
        // The validator has checked the choice.
        let format = ReducedPrecision(rawValue: name) ?? .float16
        guard record.rule == .backprop else {
            throw Diagnostic(
                .valueError,
                "precision= rounds a backward pass, and the \(record.rule.rawValue) rule of net '\(record.name)' has none",
                at: command.option("precision")?.nameRange,
                notes: ["precision= is for nets trained by backprop"])
        }
        let scaling: LossScaling
        switch command.option("loss_scale")?.value.kind {
        case nil: scaling = format == .float16 ? .dynamic() : .none
        case .number(let scale)?:
            guard scale > 0, scale <= format.greatestFiniteMagnitude else {
                throw Diagnostic(
                    .valueError,
                    "loss_scale must be above 0 and at most \(ValueFormatter(digits: 6).format(format.greatestFiniteMagnitude)), "
                        + "\(name)'s largest number",
                    at: command.option("loss_scale")?.value.range,
                    notes: ["powers of two keep the unscaling exact"])
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
