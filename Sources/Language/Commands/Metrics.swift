import Engine

/// Loss and accuracy of a net on a whole data set, in evaluation mode, leaving gradients alone.
enum Metrics {
    struct Result {
        var loss: Double
        /// Fraction classified correctly, for classification data.
        var accuracy: Double?
    }

    static func evaluate(_ record: NetRecord, on dataset: Dataset) throws -> Result {
        let network = record.network
        var loss = 0.0
        let passes =
            network.hasPlan(batchSize: dataset.count, loss: MemoryEstimates.planLoss(record))
            ? [0..<dataset.count] : chunks(of: dataset.count, rowsPerExample: network.spec.rowsPerExample)
        // Classified rows are counted pass by pass: the outputs of a whole large set (a
        // language model's logits at every position) would be far more than its plans.
        let truth = network.spec.isSequenceModel ? nil : classIndices(of: dataset)
        var tally = (correct: 0, counted: 0)
        for chunk in passes {
            // Each pass's targets in the loss's form (one-hot rows, the next characters), not the
            // whole set's at once, which for every window of a text is as large as its inputs.
            let batch = try StepMechanics.batch(Array(chunk), of: dataset, for: record)
            let outputs: [Double]
            if let classic = record.rule.classic {
                outputs = try network.predict(batch.inputs, rows: batch.rows)
                loss +=
                    weight(of: chunk, in: dataset.count, for: Loss(.mse))
                    * classic.meanSquaredError(netInputs: outputs, targets: batch.targets, rows: batch.rows)
            } else {
                let plan = try network.plan(batchSize: batch.rows, loss: record.loss)
                try plan.load(inputs: batch.inputs)
                try plan.load(targets: batch.targets)
                plan.runForward(training: false, random: &network.random)
                loss += weight(of: chunk, in: dataset.count, for: record.loss) * plan.lossNode.item
                outputs = plan.output.scalars
            }
            // A sequence model's targets are a class index per position; other nets' classes
            // are the data's (its targets may be one-hot rows).
            if let classes = network.spec.isSequenceModel ? batch.targets : truth?[chunk].map(Double.init) {
                count(predictedClasses(record, outputs: outputs, rows: classes.count), classes, &tally)
            }
        }
        let accuracy = tally.counted == 0 ? nil : Double(tally.correct) / Double(tally.counted)
        return Result(loss: loss, accuracy: accuracy)
    }

    /// Adds to `tally` the predictions that equal their class and how many there were.
    private static func count(
        _ predicted: [Int], _ classes: [Double], _ tally: inout (correct: Int, counted: Int)
    ) {
        guard predicted.count == classes.count else { return }
        tally.correct += zip(predicted, classes).filter { Double($0) == $1 }.count
        tally.counted += classes.count
    }

    /// Each row's class, for classification data; nil for regression.
    private static func classIndices(of dataset: Dataset) -> [Int]? {
        guard dataset.task.classCount != nil, let truth = try? dataset.classIndices(),
            truth.count == dataset.count
        else { return nil }
        return truth
    }

    /// Rows evaluated in one pass. A larger set is evaluated in passes of this many rows (and
    /// one for the rest), so measuring 200,000 examples keeps two plans of a few megabytes
    /// rather than one of gigabytes; smaller sets are one pass, as they always were, and so is
    /// a set the net has a whole-set plan for already (full-batch training). A sequence model's
    /// example is a row per position, so its passes hold as many positions, in fewer examples.
    static let evaluationRows = 8192

    /// The example ranges of the passes over `count` examples of `rowsPerExample` rows each.
    static func chunks(of count: Int, rowsPerExample: Int = 1) -> [Range<Int>] {
        let size = max(1, evaluationRows / max(1, rowsPerExample))
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// The batch sizes of the passes over `count` examples, for memory estimates: one pass when
    /// the net trains on the whole set (`trainingBatch` is `count`), which shares its plan.
    static func evaluationBatches(_ count: Int, trainingBatch: Int? = nil, rowsPerExample: Int = 1) -> [Int] {
        if trainingBatch == count { return [count] }
        return Array(Set(chunks(of: count, rowsPerExample: rowsPerExample).map(\.count))).sorted()
    }

    /// What a pass's loss counts for in the whole set's: its share of the rows for a mean, all
    /// of it for a sum.
    private static func weight(of chunk: Range<Int>, in count: Int, for loss: Loss) -> Double {
        chunk.count == count || loss.reduction == .sum ? 1 : Double(chunk.count) / Double(count)
    }

    /// The predicted class of each row, for classification data; nil for regression.
    static func predictedClasses(_ record: NetRecord, outputs: [Double], rows: Int) -> [Int] {
        let width = outputs.count / max(1, rows)
        if width == 1 {
            let threshold = record.rule == .perceptron || record.loss.kind == .bceWithLogits ? 0 : 0.5
            return outputs.map { $0 >= threshold ? 1 : 0 }
        }
        return (0..<rows).map { row in
            let slice = outputs[(row * width)..<(row * width + width)]
            return slice.indices.max { slice[$0] < slice[$1] }.map { $0 - row * width } ?? 0
        }
    }
}
