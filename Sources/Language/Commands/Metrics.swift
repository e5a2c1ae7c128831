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
        let batch = try StepMechanics.batch(Array(0..<dataset.count), of: dataset, for: record)
        let outputs: [Double]
        let loss: Double
        if let classic = record.rule.classic {
            outputs = try network.predict(batch.inputs, rows: batch.rows)
            loss = classic.meanSquaredError(netInputs: outputs, targets: batch.targets, rows: batch.rows)
        } else {
            let plan = try network.plan(batchSize: batch.rows, loss: record.loss)
            try plan.load(inputs: batch.inputs)
            try plan.load(targets: batch.targets)
            plan.runForward(training: false, random: &network.random)
            loss = plan.lossNode.item
            outputs = plan.output.scalars
        }
        return Result(loss: loss, accuracy: accuracy(record, outputs: outputs, dataset: dataset))
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

    private static func accuracy(_ record: NetRecord, outputs: [Double], dataset: Dataset) -> Double? {
        guard dataset.task.classCount != nil, let truth = try? dataset.classIndices() else { return nil }
        let predicted = predictedClasses(record, outputs: outputs, rows: dataset.count)
        guard predicted.count == truth.count, !truth.isEmpty else { return nil }
        let correct = zip(predicted, truth).filter { $0 == $1 }.count
        return Double(correct) / Double(truth.count)
    }
}
