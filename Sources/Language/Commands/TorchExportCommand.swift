import Engine

/// `export torch NET "DIR" [batch= shuffle= steps= clip= on=] [schedule= warmup= min_lr= gamma=
/// step_size=]`: the net's training run as a folder PyTorch continues (the engine's
/// `TorchExport`): model.py, the weights, the optimizer's state, the training rows with the epoch
/// in progress, train_config.json and train_ddp.py.
///
/// The script's first batch is the one `train batch=B` would take next: the rest of the epoch
/// in progress, or else the order `train` would draw now (from a copy of the session's
/// generator, which is left as it was).
enum TorchExportCommand {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        guard command.arguments.count == 3 else {
            throw LanguageError.argumentForm(
                command: "export torch", takes: "a net and a folder",
                notes: ["write: export torch NET \"DIR\""],
                at: command.arguments.last?.range)
        }
        let (record, netRange, path, pathRange) = try context.netAndPath(command, at: 1, noun: "folder")
        guard record.rule == .backprop else {
            throw LanguageError.needsBackprop(.torchExport, net: record.name, rule: record.rule, at: netRange)
        }
        let data = try context.dataForCommand(command)
        let dataset = data.training
        try StepMechanics.check(dataset, fits: record, at: command.range)
        let rows = dataset.count
        let batchSize = min(rows, try OptionReader.integer(command, "batch", atLeast: 1) ?? rows)
        let shuffle = OptionReader.boolean(command, "shuffle") ?? true
        let steps =
            try OptionReader.integer(command, "steps", atLeast: 1) ?? (rows + batchSize - 1) / batchSize
        try context.reserve(memoryNeed(rows: rows, dataset: dataset, record: record), for: command)
        let batch = try StepMechanics.batch(Array(0..<rows), of: dataset, for: record)
        let samples = try Samples(inputs: batch.inputs, targets: batch.targets, count: batch.rows)

        // Where train's next batch comes from: the epoch in progress, or the order it would draw.
        var generator = context.state.random
        let order: [Int]
        let position: Int
        if let cursor = record.cursor(on: data.name), cursor.order.count == rows, cursor.position < rows {
            (order, position) = (cursor.order, cursor.position)
        } else {
            order = shuffle ? generator.permutation(rows) : Array(0..<rows)
            position = 0
        }
        let optimizer = record.optimizerInstance ?? record.optimizer.makeOptimizer()
        // A schedule is one run's, over the steps= the script takes by default, as train's is.
        let schedule = try TrainingSchedule.make(command, totalSteps: steps, base: optimizer.learningRate)
        let run = TorchExport.Run(
            loss: record.loss, optimizer: optimizer, schedule: schedule,
            counts: NetworkCheckpoint.Counts(steps: record.steps, epochs: record.epochs),
            seed: context.state.seed, batchSize: batchSize, steps: steps,
            clipNorm: try StepMechanics.clipNorm(command))
        do {
            let export = try TorchExport(
                record.network, name: record.name, run: run,
                data: TorchExport.Rows(
                    name: data.name, samples: samples, order: order, position: position, generator: generator,
                    shuffle: shuffle))
            try export.write(to: path)
        } catch {
            switch error {
            case .layerNotExportable, .adaptersNotExportable, .optimizerNotExportable,
                .nesterovNeedsPlainMomentum:
                throw LanguageError.engine(.torchExport(error), at: netRange)
            default:
                throw LanguageError.engine(.torchExportFile(error), at: pathRange)
            }
        }
        context.output.write(
            "exported net '\(record.name)' to \(path): " + TorchExport.fileNames.joined(separator: ", ")
                + "\n"
                + "continue it with: torchrun --standalone --nproc_per_node=2 \(path)/train_ddp.py --steps \(steps)\n"
                + "then read it back with: load \(record.name) \"\(path)/model.safetensors\" "
                + "optimizer=\"\(path)/optimizer.safetensors\"\n",
            to: .stdout)
    }

    /// The rows copied out of the data set and written again as data.safetensors' bytes: a data
    /// set of a million windows of 64 tokens is half a gigabyte, which the budget should refuse
    /// with the reason rather than the machine run out of memory.
    private static func memoryNeed(rows: Int, dataset: Dataset, record: NetRecord) -> MemoryNeed {
        let spec = record.network.spec
        let targetWidth = max(dataset.targetWidth, spec.outputWidth, spec.rowsPerExample)
        let values = rows.multipliedSaturated(dataset.featureCount.addingSaturated(targetWidth))
        let fileBytes = record.network.dtype == .float64 ? 8 : 4
        return MemoryNeed(
            [
                (
                    "the training rows copied: \(rows) rows × \(dataset.featureCount + targetWidth) values × 8 bytes",
                    values.multipliedSaturated(8)
                ),
                (
                    "their bytes in data.safetensors: \(fileBytes) a value",
                    values.multipliedSaturated(fileBytes)
                ),
            ], smaller: "a smaller data set (or its training part, split=)")
    }
}
