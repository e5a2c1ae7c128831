import Engine

/// A net's history rows: the row of a step (every column measured on the weights after it,
/// in evaluation mode), the row of the net before its first step, and the measurement both
/// are made of. `train`, `step` and `update` log through it.
enum HistoryLog {
    /// Logs a step in the history. Every column is measured on the weights after the step,
    /// in evaluation mode: the loss over the whole training set, the validation loss, the
    /// accuracy (on the validation part when there is one), the rate of each dense layer and
    /// the norms of the step's gradients.
    static func append(_ record: inout NetRecord, data: DataRecord, health: [LayerMetrics] = [])
        throws -> TrainingHistory.Record
    {
        // Read before the measurement's pass, which leaves the step's gradients but not its plan.
        let distributions = health.isEmpty ? [] : self.distributions(record.network)
        var entry = try measure(record, data: data)
        entry.health = health
        entry.distributions = distributions
        record.history.append(entry)
        record.restored = nil
        return entry
    }

    /// Each dense map's weights, gradients and outputs (on the step's batch: the network's
    /// last pass is the step's; outputs for the maps that are layers of their own) as quantiles,
    /// for `plot hist`.
    static func distributions(_ network: Network) -> [LayerDistribution] {
        network.denseMaps.map { layer in
            let trace = network.layers.firstIndex { $0 === layer }.flatMap { network.trace(at: $0) }
            return LayerDistribution(
                layer: layer.name, weights: LayerDistribution.quantiles(layer.weight.scalars),
                gradients: layer.weight.grad.map(LayerDistribution.quantiles),
                activations: trace.map { LayerDistribution.quantiles($0.output.scalars) })
        }
    }

    /// Before a net's first step, its history's first row: the net as initialised (step 0),
    /// so the loss before any update is on record and in every chart.
    static func logInitialState(_ record: inout NetRecord, data: DataRecord) throws {
        record.keepStartBeforeFirstStep()
        guard record.steps == 0, record.history.records.isEmpty else { return }
        var entry = try measure(record, data: data)
        entry.gradientNorms = []
        record.history.append(entry)
    }

    /// A history row for the net as it is now, at its current step.
    static func measure(_ record: NetRecord, data: DataRecord) throws -> TrainingHistory.Record {
        let training = try Metrics.evaluate(record, on: data.training)
        let validation = try data.validation.map { try Metrics.evaluate(record, on: $0) }
        let base = record.optimizerInstance?.learningRate ?? record.optimizer.learningRate
        let rates = record.network.denseMaps.map { $0.weight.learningRate ?? base }
        let entry = TrainingHistory.Record(
            step: record.steps, epoch: record.epochs, loss: training.loss, validationLoss: validation?.loss,
            accuracy: data.training.task.classCount == nil ? nil : (validation ?? training).accuracy,
            learningRate: base, layerRates: rates.allSatisfy { $0 == base } ? nil : rates,
            gradientNorms: StepMechanics.gradientNorms(record.network),
            firstStep: record.steps)
        return entry
    }
}
