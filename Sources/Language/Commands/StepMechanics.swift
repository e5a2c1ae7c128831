import Engine

/// Rows of a data set cut out for one step.
struct Batch {
    var inputs: [Double]
    var targets: [Double]
    var rows: Int
}

/// What `train`, `step`, `forward`, `backward` and `update` share: batches cut from a data
/// set, the fit check, the engine trainer they step through and the wording of its refusals.
/// Backprop nets and the classic perceptron and ADALINE rules alike are the engine's.
enum StepMechanics {
    /// The batch of `rows` of `dataset`, with targets in the form the net's loss reads, made
    /// for those rows only (a step on a million windows of text cuts twelve, not a million).
    static func batch(_ rows: [Int], of dataset: Dataset, for record: NetRecord) throws -> Batch {
        let picked: Dataset
        do { picked = try dataset.rows(rows) } catch { throw LanguageError(error, at: nil) }
        return Batch(inputs: picked.inputs, targets: try targets(of: picked, for: record), rows: rows.count)
    }

    /// Checks that a data set fits a net, naming both widths when it does not.
    static func check(_ dataset: Dataset, fits record: NetRecord, at range: SourceRange?) throws {
        let spec = record.network.spec
        // A token net also reads hand-written rows of ids, each one checked here, but a net of
        // real-valued inputs would read token ids as magnitudes, which means nothing.
        if spec.inputKind == .features, dataset.vocabulary != nil {
            throw LanguageError.shapeMismatch(
                why:
                    "net '\(record.name)' reads real-valued features but data set '\(dataset.name)' holds token ids",
                notes: ["a net for token ids starts with tokens K -> embed D"], at: range)
        }
        if let vocabularySize = spec.vocabularySize, dataset.vocabulary?.count != vocabularySize,
            let index = dataset.inputs.firstIndex(where: {
                !($0 >= 0 && $0 < Double(vocabularySize) && $0.rounded() == $0)
            })
        {
            throw LanguageError.notAllowed(
                why:
                    "row \(index / max(1, dataset.featureCount)) of data set '\(dataset.name)' holds \(ValueFormatter(digits: 6).format(dataset.inputs[index])), which is not a token of net '\(record.name)'",
                notes: ["its token ids are whole numbers from 0 to \(vocabularySize - 1)"], at: range)
        }
        if dataset.featureCount != spec.inputWidth {
            throw LanguageError.shapeMismatch(
                why:
                    "net '\(record.name)' takes \(spec.inputWidth) inputs but data set '\(dataset.name)' has "
                    + "\(dataset.featureCount) features",
                notes: [
                    "shapes: inputs [\(dataset.count), \(dataset.featureCount)], L1.W [\(spec.inputWidth), …]"
                ], at: range)
        }
        if case .multiclass(let classCount) = dataset.task, spec.outputWidth != classCount {
            throw LanguageError.shapeMismatch(
                why: "data set '\(dataset.name)' has \(classCount) classes but net '\(record.name)' gives "
                    + "\(spec.outputWidth) outputs",
                notes: ["give the last layer one unit per class, e.g. \(classCount) softmax, with loss ce"],
                at: range)
        }
        if spec.isSequenceModel {
            try checkSequenceTargets(of: dataset, fit: record, at: range)
            return
        }
        let width = try targets(of: dataset, for: record).count / max(1, dataset.count)
        let classIndices = record.loss.kind == .crossEntropy && width == 1
        if !classIndices && width != spec.outputWidth {
            throw LanguageError.shapeMismatch(
                why:
                    "net '\(record.name)' gives \(spec.outputWidth) outputs but data set '\(dataset.name)' has "
                    + "\(width) target columns", at: range)
        }
    }

    /// A sequence model learns the next token at every position, by cross-entropy: from running
    /// text, or from data with one class index per position.
    private static func checkSequenceTargets(
        of dataset: Dataset, fit record: NetRecord, at range: SourceRange?
    )
        throws
    {
        let positions = record.network.spec.rowsPerExample
        guard record.loss.kind == .crossEntropy else {
            throw LanguageError.notAllowed(
                why:
                    "net '\(record.name)' predicts the next token at every position, which it learns by cross-entropy, not \(record.loss.kind)",
                notes: ["set it with: loss ce"], at: range)
        }
        if dataset.targetWidth == positions { return }
        guard dataset.vocabulary != nil, dataset.vocabulary?.boundary == nil, dataset.targetWidth == 1 else {
            throw LanguageError.shapeMismatch(
                why:
                    "net '\(record.name)' predicts the next token at each of its \(positions) positions, but data set '\(dataset.name)' is not running text and has \(dataset.targetWidth) target columns",
                notes: [
                    "read running text with: data NAME = text \"FILE\" context=\(positions)",
                    "or give one class index per position: \(positions) target columns",
                ], at: range)
        }
    }

    /// Every target of `dataset` in the form the net's loss reads: one-hot rows when class
    /// indices feed one output per class under a loss other than ce.
    static func targets(of dataset: Dataset, for record: NetRecord) throws -> [Double] {
        if record.network.spec.isSequenceModel {
            // A class index per position: the data's own, or the next character of running text.
            if dataset.targetWidth == record.network.spec.rowsPerExample { return dataset.targets }
            do { return try dataset.nextTokenTargets() } catch {
                throw LanguageError(error, at: nil)
            }
        }
        if case .multiclass(let classCount) = dataset.task, dataset.targetWidth == 1,
            record.network.spec.outputWidth == classCount, record.loss.kind != .crossEntropy
        {
            return try dataset.oneHotTargets()
        }
        return dataset.targets
    }

    /// The rows and batch an explained step (`step`, `parallel`) takes next: `size` rows from the net's
    /// cursor on the data set, epochs it begins taken in order so the batches read 0, 1, 2, ...
    /// The cursor after it is returned for the caller to keep once the step has succeeded.
    static func nextBatchInOrder(
        _ record: NetRecord, data: DataRecord, size: Int, random: inout RandomSource
    ) throws -> (rows: ArraySlice<Int>, batch: Batch, cursor: DataCursor?, endsEpoch: Bool) {
        var cursor = record.cursor(on: data.name)
        let (rows, endsEpoch) = DataCursor.nextBatch(
            &cursor, rowCount: data.training.count, batchSize: size, shuffle: false, random: &random)
        return (rows, try batch(Array(rows), of: data.training, for: record), cursor, endsEpoch)
    }

    /// The engine's trainer for a net: its loss, optimizer (made on first use), classic rule
    /// and the statement's `clip=`. `train` and `step` both step through it.
    static func trainer(for record: inout NetRecord, _ command: CommandStatement) throws -> Trainer {
        let trainer = Trainer(
            network: record.network, loss: record.loss, optimizer: try record.optimizerForUpdate())
        trainer.classicRule = record.rule.classic
        trainer.clipNorm = try clipNorm(command)
        return trainer
    }

    /// The `clip=` norm, if given; it must be positive.
    static func clipNorm(_ command: CommandStatement) throws -> Double? {
        guard let maxNorm = OptionReader.number(command, "clip") else { return nil }
        guard maxNorm > 0 else {
            throw LanguageError.outOfRange(
                subject: "option 'clip'", mustBe: "positive", at: command.option("clip")?.value.range)
        }
        return maxNorm
    }

    /// The error for a step the engine refused as non-finite (the loss, a gradient, or a
    /// parameter after the update); other errors pass through. The statement fails, so the
    /// session puts the net back as it was before it.
    ///
    /// `gradientNorms` are the global gradient norms of the last steps, numbered as `place`
    /// numbers the failing step (whose own norm, when it was measured, is the last): how the
    /// gradients grew into the failure.
    static func diagnostic(
        for error: any Error, loss: Double?, _ command: CommandStatement, statement: String, place: String,
        learningRate: Double? = nil, gradientNorms: [(step: Int, value: Double)] = [], failingStep: Int? = nil
    ) -> any Error {
        guard let engineError = error as? EngineError, let site = engineError.nonFiniteSite,
            case .nonFinite(let layer, let tensor, _) = engineError
        else { return error }
        let formatter = ValueFormatter(digits: 4)
        let what: String
        if let loss, !loss.isFinite {
            what = "the loss became \(formatter.format(loss))"
        } else {
            switch site {
            case .update(let parameter): what = "the update made \(parameter) non-finite"
            case .gradient(let parameter): what = "the gradient of \(parameter) became non-finite"
            case .value(let tensor):
                what =
                    layer.isEmpty ? "the \(tensor) became non-finite" : "\(layer).\(tensor) became non-finite"
            }
        }
        // Where it began, when the loss is only where it ended up.
        var notes: [String] = []
        if let loss, !loss.isFinite, !layer.isEmpty {
            notes.append("the first value that was not finite: \(layer).\(tensor) (layers in order)")
        }
        if let learningRate { notes.append("the learning rate was \(formatter.format(learningRate))") }
        if !gradientNorms.isEmpty {
            let norms = gradientNorms.map { norm in
                "\(formatter.format(norm.value)) at step \(norm.step)"
                    + (norm.step == failingStep ? " (the step that failed)" : "")
            }
            notes.append("the global gradient norm ‖∇θ‖ was " + norms.joined(separator: ", "))
        }
        notes.append("try a smaller learning rate or clip=; the net is left as it was before '\(statement)'")
        return LanguageError.notAllowed(why: "\(what) \(place)", notes: notes, at: command.range)
    }

    /// The L2 norm of each dense map's weight gradient (a block's maps included).
    static func gradientNorms(_ network: Network) -> [Double] {
        network.denseMaps.map { layer in
            (layer.weight.grad ?? []).reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
    }
}
