import Engine

/// Rows of a data set cut out for one step.
struct Batch {
    var inputs: [Double]
    var targets: [Double]
    var rows: Int
}

/// The parts of one training step: gradients (forward and backward), then the update.
/// Backprop nets and the classic perceptron and ADALINE rules alike are the engine's.
enum StepMechanics {
    /// The batch of `rows` of `dataset`, with targets in the form the net's loss reads.
    static func batch(_ rows: [Int], of dataset: Dataset, for record: NetRecord) throws -> Batch {
        let featureCount = dataset.featureCount
        var inputs: [Double] = []
        inputs.reserveCapacity(rows.count * featureCount)
        for row in rows { inputs += dataset.input(row) }
        let allTargets = try targets(of: dataset, for: record)
        let width = allTargets.count / max(1, dataset.count)
        var targets: [Double] = []
        for row in rows { targets += allTargets[(row * width)..<(row * width + width)] }
        return Batch(inputs: inputs, targets: targets, rows: rows.count)
    }

    /// Checks that a data set fits a net, naming both widths when it does not.
    static func check(_ dataset: Dataset, fits record: NetRecord, at range: SourceRange?) throws {
        let spec = record.network.spec
        if dataset.featureCount != spec.inputWidth {
            throw Diagnostic(
                .shapeError,
                "net '\(record.name)' takes \(spec.inputWidth) inputs but data set '\(dataset.name)' has "
                    + "\(dataset.featureCount) features",
                at: range,
                notes: [
                    "shapes: inputs [\(dataset.count), \(dataset.featureCount)], L1.W [\(spec.inputWidth), …]"
                ])
        }
        if case .multiclass(let classCount) = dataset.task, spec.outputWidth != classCount {
            throw Diagnostic(
                .shapeError,
                "data set '\(dataset.name)' has \(classCount) classes but net '\(record.name)' gives "
                    + "\(spec.outputWidth) outputs",
                at: range,
                notes: ["give the last layer one unit per class, e.g. \(classCount) softmax, with loss ce"])
        }
        let width = try targets(of: dataset, for: record).count / max(1, dataset.count)
        let classIndices = record.loss.kind == .crossEntropy && width == 1
        if !classIndices && width != spec.outputWidth {
            throw Diagnostic(
                .shapeError,
                "net '\(record.name)' gives \(spec.outputWidth) outputs but data set '\(dataset.name)' has "
                    + "\(width) target columns",
                at: range)
        }
    }

    /// Class indices become one-hot rows when the net has one output per class and the loss is not ce.
    private static func targets(of dataset: Dataset, for record: NetRecord) throws -> [Double] {
        if case .multiclass(let classCount) = dataset.task, dataset.targetWidth == 1,
            record.network.spec.outputWidth == classCount, record.loss.kind != .crossEntropy
        {
            return try dataset.oneHotTargets()
        }
        return dataset.targets
    }

    /// Forward and backward: afterwards every parameter holds its gradient. Returns the loss.
    @discardableResult
    static func computeGradients(_ record: NetRecord, batch: Batch) throws -> Double {
        if let classic = record.rule.classic {
            return try classic.computeGradients(
                of: record.network, inputs: batch.inputs, targets: batch.targets, rows: batch.rows)
        }
        return try record.network.computeGradients(
            inputs: batch.inputs, targets: batch.targets, rows: batch.rows, loss: record.loss)
    }

    /// `clip=N`: scales the gradients to global norm N at most, as clip_grad_norm_.
    static func clipGradients(_ record: NetRecord, _ command: CommandStatement) throws {
        guard let maxNorm = try clipNorm(command) else { return }
        _ = clipGradientNorm(record.network.parameters, maxNorm: maxNorm)
    }

    /// The `clip=` norm, if given; it must be positive.
    static func clipNorm(_ command: CommandStatement) throws -> Double? {
        guard let maxNorm = OptionReader.number(command, "clip") else { return nil }
        guard maxNorm > 0 else {
            throw Diagnostic(
                .valueError, "option 'clip' must be positive", at: command.option("clip")?.value.range)
        }
        return maxNorm
    }

    /// Applies the update to every parameter that has a gradient and is not frozen.
    static func applyUpdate(_ record: inout NetRecord) throws {
        try record.optimizerForUpdate().step(record.network.parameters)
    }

    /// The L2 norm of each dense layer's weight gradient.
    static func gradientNorms(_ network: Network) -> [Double] {
        network.denseLayers.map { layer in
            (layer.weight.grad ?? []).reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
    }
}
