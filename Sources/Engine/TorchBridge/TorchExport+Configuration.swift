extension TorchExport {
    /// `train_config.json`: what the script reads besides the tensors.
    static func configuration(
        _ network: Network, name: String, run: Run, data: Rows, optimizer: TorchOptimizerExport,
        checkpoint: NetworkCheckpoint
    ) -> JSONValue {
        let frozen = checkpoint.bindings.filter(\.parameter.isFrozen).map { JSONValue.string($0.name) }
        let words = data.generator.stateWords.map { JSONValue.string(String($0)) }
        return .object([
            ("format", .string("backprop torch export")), ("version", .integer(1)),
            ("net", .string(name)), ("spec", .string(network.spec.description)),
            ("dtype", .string(network.dtype == .float64 ? "float64" : "float32")),
            ("seed", .integer(Int(truncatingIfNeeded: run.seed))),
            (
                "files",
                .object([
                    ("model", .string("model.safetensors")), ("optimizer", .string("optimizer.safetensors")),
                    ("data", .string("data.safetensors")),
                ])
            ),
            (
                "loss",
                .object([
                    ("kind", .string(run.loss.kind.rawValue)),
                    ("reduction", .string(run.loss.reduction.rawValue)),
                    ("reads_logits", .boolean(run.loss.readsLogits)),
                ])
            ),
            ("optimizer", optimizer.settings),
            ("frozen", .array(frozen)),
            ("training_mode", .boolean(network.isTraining)),
            ("batch_size", .integer(run.batchSize)),
            ("shuffle", .boolean(data.shuffle)),
            ("steps", .integer(run.steps)),
            ("clip_norm", run.clipNorm.map { .number($0) } ?? .null),
            // t counts the steps since the export, as a train run counts its own.
            ("schedule", .object([("start", .integer(run.counts.steps))] + Self.schedule(run.schedule))),
            (
                "data",
                .object([
                    ("name", .string(data.name)), ("rows", .integer(data.samples.count)),
                    ("input_width", .integer(data.samples.inputWidth)),
                    ("target_width", .integer(data.samples.targetWidth)),
                ])
            ),
            (
                "cursor",
                .object([
                    ("step", .integer(run.counts.steps)), ("epoch", .integer(run.counts.epochs)),
                    ("position", .integer(data.position)), ("order_in_data", .boolean(true)),
                    ("generator", .array(words)),
                ])
            ),
        ])
    }

    /// A schedule as the script's `scheduled_rate` reads it: its kind and parameters, a warm-up
    /// with the schedule that follows it under "then".
    static func schedule(_ schedule: LearningRateSchedule) -> [(String, JSONValue)] {
        switch schedule {
        case .constant: [("kind", .string("constant"))]
        case .step(let size, let gamma):
            [("kind", .string("step")), ("size", .integer(size)), ("gamma", .number(gamma))]
        case .exponential(let gamma): [("kind", .string("exponential")), ("gamma", .number(gamma))]
        case .cosine(let period, let minimum):
            [("kind", .string("cosine")), ("period", .integer(period)), ("minimum", .number(minimum))]
        case .linearWarmup(let steps, let startFactor):
            [
                ("kind", .string("linear_warmup")), ("steps", .integer(steps)),
                ("start_factor", .number(startFactor)),
            ]
        case .warmup(let steps, let then):
            [("kind", .string("warmup")), ("steps", .integer(steps)), ("then", .object(Self.schedule(then)))]
        }
    }
}
