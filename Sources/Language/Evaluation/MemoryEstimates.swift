import Engine
import Foundation

/// What each allocating statement will need, estimated before it allocates, so the session's
/// `MemoryBudget` can refuse it while nothing has changed. Parts are named for the error message.
enum MemoryEstimates {
    private static let doubleSize = MemoryLayout<Double>.stride

    /// A built-in data set: its inputs and targets, twice over while `split=` copies them.
    static func builtInData(_ name: String, options: [String: Double], splits: Bool) -> MemoryNeed? {
        guard let entry = try? DatasetRegistry.builtIn(named: name) else { return nil }
        let shape = entry.shape(options: options)
        let bytes = shape.examples.multipliedSaturated(shape.valuesPerExample).multipliedSaturated(doubleSize)
        return MemoryNeed(
            [
                (
                    "inputs and targets, \(shape.examples) examples × \(shape.valuesPerExample) values × 8 bytes",
                    bytes
                ),
                ("the copy split= makes", splits ? bytes : 0),
            ], smaller: "fewer examples or features")
    }

    /// Reading a CSV file: its text, its fields as strings while parsed, and the values.
    static func csv(_ path: String, splits: Bool) -> MemoryNeed? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
            return nil
        }
        // Up to one field per 2 bytes, each a 16-byte string while parsing, then 8-byte values.
        let parsing = size.multipliedSaturated(9)
        return MemoryNeed(
            [
                (
                    "reading the \(MemoryBudget.format(size)) file (about 9 bytes a byte while parsing)",
                    parsing
                ),
                ("the copy split= makes", splits ? size.multipliedSaturated(4) : 0),
            ], smaller: "a smaller file")
    }

    /// A new net: parameters and their gradients, and its optimizer's state.
    static func net(parameters: Int, dtype: DType, optimizer: OptimizerChoice) -> MemoryNeed {
        let values = parameters.multipliedSaturated(dtype.byteCount)
        return MemoryNeed(
            [
                ("\(parameters) parameters and their gradients (\(dtype.byteCount) bytes each)", values * 2),
                (
                    "\(optimizer.name)'s state",
                    values.multipliedSaturated(optimizer.stateBuffers)
                ),
            ], smaller: "fewer or narrower layers")
    }

    /// Changing a net's optimizer: the state buffers the new one keeps beyond the old one's.
    static func optimizer(_ choice: OptimizerChoice, for record: NetRecord) -> MemoryNeed {
        let extra = record.optimizerStateBytes(choice) - record.optimizerStateBytes(record.optimizer)
        return MemoryNeed(
            [("\(choice.name)'s state for \(record.name)'s parameters", max(0, extra))],
            smaller: "an optimizer with less state (sgd keeps none without momentum)")
    }

    /// Passes of `record` over data sets: the rows copied as the net reads them (targets one-hot
    /// when its loss wants them so), and a plan for each batch size the net does not keep yet.
    ///
    /// `passes` lists each data set with the batch sizes run over it and the loss each plan uses;
    /// `keptRows`, the rows of the pass the statement keeps for the views.
    static func passes(
        _ record: NetRecord, _ passes: [(dataset: Dataset, batches: [Int], loss: Loss)], copies: Int = 2,
        keptRows: Int? = nil
    ) throws -> MemoryNeed {
        var parts: [(String, Int)] = []
        var planned = Set<String>()
        let inputWidth = record.network.spec.inputWidth
        for pass in passes {
            let dataset = pass.dataset
            let width = inputWidth + targetWidth(of: dataset, for: record)
            parts.append(
                (
                    "\(dataset.count) rows of \(dataset.name) as the net reads them "
                        + "(\(width) values × 8 bytes, \(copies) copies)",
                    dataset.count.multipliedSaturated(width).multipliedSaturated(doubleSize * copies)
                ))
            for rows in Set(pass.batches.map { min(max(1, $0), dataset.count) }).sorted()
            where !record.network.hasPlan(batchSize: rows, loss: pass.loss) {
                guard planned.insert("\(rows) \(pass.loss.kind) \(pass.loss.reduction)").inserted else {
                    continue
                }
                parts.append(
                    (
                        "every layer's values and gradients for a batch of \(rows) rows",
                        try record.network.estimatedPlanBytes(batchSize: rows, loss: pass.loss)
                    ))
            }
        }
        if let keptRows { parts.append(shownPass(record, rows: keptRows)) }
        return MemoryNeed(parts, smaller: "a smaller batch= or data set")
    }

    /// The Float64 copy of the weights a net's first update keeps as its start (`plot landscape`);
    /// none once it has stepped.
    static func startingWeights(_ record: NetRecord) -> [(String, Int)] {
        guard record.steps == 0 else { return [] }
        let values = record.network.parameters.reduce(0) { $0 + $1.count }
        return [("the starting weights kept for plot landscape", values.multipliedSaturated(doubleSize))]
    }

    /// A copy of a net to experiment on (`lrfind`, `plot landscape`): its parameters, gradients
    /// and optimizer state, and a plan for batches of `rows`, which the copy builds afresh.
    static func probe(_ record: NetRecord, rows: Int, loss: Loss) throws -> [(String, Int)] {
        var parts = [
            (
                "a copy of \(record.name) with its gradients and optimizer state",
                record.network.parameterByteCount.addingSaturated(
                    record.optimizerStateBytes(record.optimizer))
            )
        ]
        // `passes` counts the plan only when the net has none for these rows; the copy has none.
        if record.network.hasPlan(batchSize: rows, loss: loss) {
            parts.append(
                (
                    "the copy's values and gradients for a batch of \(rows) rows",
                    try record.network.estimatedPlanBytes(batchSize: rows, loss: loss)
                ))
        }
        return parts
    }

    /// The largest pass `train` copies for the views after it; a larger last batch is not kept
    /// (its tables would show a dozen of its rows anyway) and the views say how to see one.
    static let trainKeptPassLimit = 64 << 20

    /// Whether `train` with batches of `rows` keeps its last pass for the views.
    static func trainKeepsPass(_ record: NetRecord, rows: Int) -> Bool {
        shownPass(record, rows: rows).bytes <= trainKeptPassLimit
    }

    /// The copy of one pass a net keeps for its views (`NetRecord.lastPass`): each layer's
    /// input, z, a and δ for `rows` rows, as Float64.
    static func shownPass(_ record: NetRecord, rows: Int) -> (what: String, bytes: Int) {
        let spec = record.network.spec
        var width = spec.inputWidth
        var values = 0
        // A sequence model's layers hold a row per position.
        let rows = rows.multipliedSaturated(spec.rowsPerExample)
        for output in spec.layerWidths {
            values = values.addingSaturated(
                rows.multipliedSaturated(width.addingSaturated(output.multipliedSaturated(3))))
            width = output
        }
        return (
            "the pass kept for the views (every layer's input, z, a and δ for \(rows) rows)",
            values.multipliedSaturated(doubleSize)
        )
    }

    /// The loss the net's plans use: its own for backprop; the classic rules run a plain forward pass.
    static func planLoss(_ record: NetRecord) -> Loss {
        record.rule == .backprop ? record.loss : Loss(.mse)
    }

    /// Target values per row as the net reads them: one-hot rows when class indices feed one
    /// output per class under a loss other than ce.
    private static func targetWidth(of dataset: Dataset, for record: NetRecord) -> Int {
        if case .multiclass(let classCount) = dataset.task, dataset.targetWidth == 1,
            record.network.spec.outputWidth == classCount, record.loss.kind != .crossEntropy
        {
            // The one-hot table is made once more while the batch is cut from it.
            return classCount * 2
        }
        return dataset.targetWidth
    }
}
