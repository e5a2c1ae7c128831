/// The graph of one network for one batch size and loss: input and target leaves,
/// every layer's nodes and the loss, re-run in place on each step.
public final class TrainingPlan {
    /// Rows per batch.
    public let batchSize: Int
    /// The loss this plan computes.
    public let loss: Loss
    /// The input leaf, [batchSize, inputWidth].
    public let inputs: Tensor
    /// The target leaf, [batchSize, outputWidth] (one-hot rows for cross-entropy); for a sequence
    /// model one row per position, [batchSize·positions, outputWidth].
    public let targets: Tensor
    /// What each layer produced, in layer order.
    public let traces: [LayerTrace]
    /// The logits the loss reads: the output map's z (rounded in mixed precision).
    public let logits: Tensor
    /// The scalar loss node.
    public let lossNode: Tensor
    /// The whole computation, ending at the loss.
    public let graph: Graph
    /// Every dropout mask of the plan, in layer order (a block's in its own order).
    private let dropouts: [DropoutMask]
    /// For token inputs, the vocabulary every input value must be an id of.
    let vocabularySize: Int?

    /// A plan; with `precision`, the input features, each layer's output and the logits pass
    /// through a `RoundingOperation` to that format (a mixed-precision pass).
    init(network: Network, batchSize: Int, loss: Loss, precision: ReducedPrecision? = nil) throws(EngineError)
    {
        self.batchSize = batchSize
        self.loss = loss
        vocabularySize = network.spec.vocabularySize
        let dtype = network.dtype
        inputs = Tensor(zeros: [batchSize, network.spec.inputWidth], dtype: dtype, name: "input")
        targets = Tensor(
            zeros: [batchSize * network.spec.rowsPerExample, network.spec.outputWidth], dtype: dtype,
            name: "target")
        var traces: [LayerTrace] = []
        var dropouts: [DropoutMask] = []
        var current = inputs
        if let precision, network.spec.inputKind == .features { current = inputs.rounded(to: precision) }
        for layer in network.layers {
            let trace = try layer.connect(current, batchSize: batchSize)
            dropouts += trace.masks
            traces.append(trace)
            current = precision.map { trace.output.rounded(to: $0) } ?? trace.output
        }
        self.traces = traces
        self.dropouts = dropouts
        // The logits are the output map's z (softmax and sigmoid read them for ce and bce_logits).
        let z = network.outputMap.map { traces[$0.index].preActivation } ?? current
        logits = precision.map { z.rounded(to: $0) } ?? z
        lossNode = try loss.build(output: current, logits: logits, targets: targets)
        graph = Graph(output: lossNode, alsoComputing: [current])
    }

    /// Bytes of the plan's own nodes: each node's values, and its gradient where gradients flow
    /// (the parameters belong to the network and are not counted).
    var byteCount: Int {
        let nodes = graph.order.reduce(0) { total, node in
            if node.isLeaf && node.requiresGrad { return total }
            return total + node.count * node.dtype.byteCount * (node.requiresGrad ? 2 : 1)
        }
        // Attention keeps its weights and their gradients' scratch beside the nodes.
        return traces.reduce(nodes) { $0 + ($1.attention?.byteCount ?? 0) }
    }

    /// The network's output node a.
    public var output: Tensor { traces.last!.output }

    /// Copies a batch of inputs (row-major, batchSize × inputWidth) into the input leaf;
    /// token inputs must be ids of the net's vocabulary.
    public func load(inputs values: [Double]) throws(EngineError) {
        guard values.count == inputs.count else {
            throw .dataMismatch(what: "inputs", expected: inputs.count, got: values.count)
        }
        if let vocabularySize {
            for value in values { _ = try tokenIndex(value, vocabularySize: vocabularySize) }
        }
        inputs.storage.load(values)
    }

    /// Copies targets into the target leaf; when the output has several units, one class
    /// index per target row (for a sequence model, per position) is accepted too and written
    /// as one-hot rows.
    public func load(targets values: [Double]) throws(EngineError) {
        if values.count == targets.shape[0] && targets.shape[1] > 1 {
            for (row, value) in values.enumerated() { try loadClassTarget(value, row: row) }
            return
        }
        guard values.count == targets.count else {
            throw .dataMismatch(what: "targets", expected: targets.count, got: values.count)
        }
        targets.storage.load(values)
    }

    /// Makes target row `row` the one-hot row of class `value`, which must be a class index:
    /// the one place a class index becomes the row a loss reads.
    func loadClassTarget(_ value: Double, row: Int) throws(EngineError) {
        let width = targets.shape[1]
        let label = try classIndex(value, classCount: width)
        for column in 0..<width { targets[row, column] = column == label ? 1 : 0 }
    }

    /// Refreshes dropout masks and recomputes every node from the current leaves.
    public func runForward(training: Bool, random: inout RandomSource) {
        refreshMasks(training: training, random: &random)
        graph.forward()
    }

    /// Draws fresh dropout masks (training) or sets them to ones (evaluation), for a graph
    /// built on this plan's nodes that runs its own forward (a distillation loss).
    func refreshMasks(training: Bool, random: inout RandomSource) {
        for mask in dropouts { mask.refresh(training: training, random: &random) }
    }

    /// The masks `runForward(training:random:)` would draw, one array per mask in order,
    /// drawn now from `random` in the same order (ones, drawing nothing, in evaluation).
    func drawMasks(training: Bool, random: inout RandomSource) -> [[Double]] {
        dropouts.map { mask in
            mask.drawn(training: training, random: &random)
        }
    }

    /// Rows `rows` of masks drawn by a plan of `batchSize` rows (`drawMasks`), for this plan's
    /// smaller batch: a shard of the big batch takes its own rows' masks.
    func sliceMasks(_ masks: [[Double]], rows: Range<Int>, of batchSize: Int) -> [[Double]] {
        masks.map { values in
            let width = values.count / batchSize
            return Array(values[(rows.lowerBound * width)..<(rows.upperBound * width)])
        }
    }

    /// Copies rows `rows` of `other`'s dropout masks (a plan of the same network for a larger
    /// batch) into this plan's: a data-parallel worker's shard takes its own rows' masks.
    func copyMasks(from other: TrainingPlan, rows: Range<Int>) {
        for (mask, source) in zip(dropouts, other.dropouts) {
            let width = mask.tensor.count / batchSize
            let from = source.tensor.storage
            let to = mask.tensor.storage
            switch to.dtype {
            case .float32:
                (to.pointer(Float.self)).update(
                    from: from.pointer(Float.self) + rows.lowerBound * width, count: rows.count * width)
            case .float64:
                (to.pointer(Double.self)).update(
                    from: from.pointer(Double.self) + rows.lowerBound * width, count: rows.count * width)
            }
        }
    }

    /// Recomputes every node with the given dropout masks (from `drawMasks` or `sliceMasks`).
    func runForward(masks: [[Double]]) {
        precondition(masks.count == dropouts.count, "one array per dropout mask")
        for (mask, values) in zip(dropouts, masks) { mask.tensor.storage.load(values) }
        graph.forward()
    }
}
