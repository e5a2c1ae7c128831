/// A sequential network built from a `NetworkSpec`, with its layers named L1, L2, ...
///
/// A network trains through `TrainingPlan`s: one per batch size, built once and then
/// re-run in place, so steps allocate nothing. After any forward or step the last
/// plan's traces show each layer's input, z, a and δ.
public final class Network {
    /// The spec the network was built from.
    public let spec: NetworkSpec
    /// The LoRA adapters beside its dense maps, in the order they were added.
    public let adapters: [LowRankAdapterSpec]
    /// The element type of every tensor.
    public let dtype: DType
    /// The layers in order.
    public let layers: [any Layer]
    /// Training mode (dropout active) or evaluation mode.
    public var isTraining = true
    /// The generator for dropout masks (initial weights come from the one passed to `init`).
    public var random: RandomSource
    /// The plan that ran last, whose traces hold the inspectable values.
    public private(set) var lastPlan: TrainingPlan?

    private var plans: [PlanKey: TrainingPlan] = [:]

    /// A network from a spec; weights are drawn from `random` by `initializer`, then each
    /// adapter's A (its B is zero). `adapters` must name distinct dense maps of the spec's net
    /// (`Network.adapterTargets` checks them).
    public init(
        spec: NetworkSpec, adapters: [LowRankAdapterSpec] = [], dtype: DType = .float32,
        initializer: Initializer = .pytorchDefault, random: inout RandomSource
    ) {
        self.spec = spec
        self.adapters = adapters
        self.dtype = dtype
        var layers: [any Layer] = []
        var width = spec.inputWidth
        let blocks = spec.layers.count { if case .transformerBlock = $0 { true } else { false } }
        var tokenTable: Tensor?
        for (index, layerSpec) in spec.layers.enumerated() {
            let name = "L\(index + 1)"
            switch layerSpec {
            case .dense(let outputWidth, let activation):
                let dense = DenseLayer(
                    name: name, inputWidth: width, outputWidth: outputWidth, activation: activation,
                    dtype: dtype)
                initializer.fill(weight: dense.weight, bias: dense.bias, random: &random)
                layers.append(dense)
                width = outputWidth
            case .dropout(let p): layers.append(DropoutLayer(name: name, probability: p))
            case .layerNorm: layers.append(LayerNormLayer(name: name, width: width, dtype: dtype))
            case .embedding(let vectorWidth):
                let embedding = EmbeddingLayer(
                    name: name, vocabularySize: spec.outputWidth, width: vectorWidth, tokenCount: width,
                    dtype: dtype)
                embedding.initialize(random: &random)
                layers.append(embedding)
                tokenTable = embedding.table
                width *= vectorWidth
            case .positionalEmbedding(let vectorWidth):
                let embedding = PositionalEmbeddingLayer(
                    name: name, vocabularySize: spec.outputWidth, width: vectorWidth, positions: width,
                    dtype: dtype)
                embedding.initialize(random: &random)
                layers.append(embedding)
                tokenTable = embedding.table
                width = vectorWidth
            case .attention(let heads, let dropout):
                let attention = SelfAttentionLayer(
                    name: name, width: width, heads: heads, positions: spec.inputWidth, dropout: dropout,
                    dtype: dtype)
                attention.initialize(blocks: blocks, random: &random)
                layers.append(attention)
            case .transformerBlock(let heads, let dropout):
                let block = TransformerBlock(
                    name: name, width: width, heads: heads, positions: spec.inputWidth, dropout: dropout,
                    dtype: dtype)
                block.initialize(blocks: blocks, random: &random)
                layers.append(block)
            case .tiedOutput(let outputWidth, let activation):
                // The spec's structural check has made sure a table of this width exists.
                layers.append(TiedOutputLayer(name: name, table: tokenTable!, activation: activation))
                width = outputWidth
            }
        }
        self.layers = layers
        let maps = Self.denseMaps(of: layers)
        for adapter in adapters {
            guard let map = maps.first(where: { $0.name == adapter.map }) else {
                preconditionFailure("adapter for '\(adapter.map)', which is no dense map of the net")
            }
            map.attachAdapter(adapter, random: &random)
        }
        parameters = layers.flatMap(\.parameters)
        self.random = RandomSource(seed: random.next())
    }

    /// A network from spec text such as `2 -> 4 tanh -> 1 sigmoid`.
    public convenience init(
        _ specText: String, dtype: DType = .float32, initializer: Initializer = .pytorchDefault,
        seed: UInt64 = 0
    ) throws(EngineError) {
        let spec: NetworkSpec
        do { spec = try NetworkSpec(parsing: specText) } catch { throw .invalidSpec(error) }
        var random = RandomSource(seed: seed)
        self.init(spec: spec, dtype: dtype, initializer: initializer, random: &random)
    }

    /// Every trainable tensor, layer by layer (kept, so a step does not rebuild the list).
    public let parameters: [Tensor]

    /// The dense layers alone.
    public var denseLayers: [DenseLayer] { layers.compactMap { $0 as? DenseLayer } }

    /// The token table of a net that starts with an embedding (`embed D` or `embed D positions`).
    public var tokenTable: Tensor? {
        (layers.first as? EmbeddingLayer)?.table ?? (layers.first as? PositionalEmbeddingLayer)?.table
    }

    /// The last layer with an affine map to its outputs, whose z are the logits, with its index.
    public var outputMap: (index: Int, layer: any OutputMapLayer)? {
        guard let index = layers.lastIndex(where: { $0 is any OutputMapLayer }) else { return nil }
        return (index, layers[index] as! any OutputMapLayer)
    }

    /// A layer by name ("L2"), case-insensitive.
    public func layer(named name: String) -> (any Layer)? {
        layers.first { $0.name.lowercased() == name.lowercased() }
    }

    /// A parameter by name ("L1.W"), case-insensitive.
    public func parameter(named name: String) throws(EngineError) -> Tensor {
        guard let found = parameters.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw .unknownParameter(name: name, valid: parameters.map(\.name))
        }
        return found
    }

    /// Sets every parameter's gradient to zero.
    public func zeroGradients() {
        for parameter in parameters {
            // A frozen parameter gets none: its gradient is None, as in PyTorch.
            if parameter.isFrozen { parameter.clearGrad() } else { parameter.zeroGrad() }
        }
    }

    /// The plan for a batch size and loss, built on first use and kept.
    public func plan(batchSize: Int, loss: Loss) throws(EngineError) -> TrainingPlan {
        guard batchSize > 0 else { throw .dataMismatch(what: "rows", expected: 1, got: batchSize) }
        let key = PlanKey(batchSize: batchSize, loss: loss)
        if let plan = plans[key] { return plan }
        let plan = try TrainingPlan(network: self, batchSize: batchSize, loss: loss)
        plans[key] = plan
        return plan
    }

    /// Outputs a (activations of the last layer) for `rows` input rows, in evaluation mode
    /// unless `training` is set; the plan's traces then show every layer's values.
    public func predict(_ inputs: [Double], rows: Int, training: Bool = false) throws(EngineError) -> [Double]
    {
        let plan = try self.plan(batchSize: rows, loss: Loss(.mse))
        try plan.load(inputs: inputs)
        plan.runForward(training: training, random: &random)
        lastPlan = plan
        return plan.output.scalars
    }

    /// Forward and backward on one batch: gradients are zeroed first (unless
    /// `accumulate`), then hold ∂loss/∂parameter. Returns the loss.
    ///
    /// Targets are `rows × outputWidth` values, or for cross-entropy `rows` class indices.
    @discardableResult
    public func computeGradients(
        inputs: [Double], targets: [Double], rows: Int, loss: Loss, accumulate: Bool = false
    ) throws(EngineError) -> Double {
        let plan = try self.plan(batchSize: rows, loss: loss)
        try plan.load(inputs: inputs)
        try plan.load(targets: targets)
        if !accumulate { zeroGradients() }
        plan.runForward(training: isTraining, random: &random)
        try plan.graph.backward()
        lastPlan = plan
        return plan.lossNode.item
    }

    /// The loss of one forward pass on a batch, in training mode when `isTraining` (dropout
    /// masks drawn from `random`), without a backward; the plan's traces then show it.
    public func lossValue(inputs: [Double], targets: [Double], rows: Int, loss: Loss) throws(EngineError)
        -> Double
    {
        let plan = try self.plan(batchSize: rows, loss: loss)
        try plan.load(inputs: inputs)
        try plan.load(targets: targets)
        plan.runForward(training: isTraining, random: &random)
        lastPlan = plan
        return plan.lossNode.item
    }

    func recordLastPlan(_ plan: TrainingPlan) { lastPlan = plan }

    /// Bytes the kept plans hold: their nodes' values, and gradients where they flow.
    public var planByteCount: Int { plans.values.reduce(0) { $0 + $1.byteCount } }

    /// Whether the plan for this batch size and loss is kept already, so running it costs no memory.
    public func hasPlan(batchSize: Int, loss: Loss) -> Bool {
        plans[PlanKey(batchSize: batchSize, loss: loss)] != nil
    }
}

struct PlanKey: Hashable {
    let batchSize: Int
    let kind: Loss.Kind
    let reduction: Loss.Reduction

    init(batchSize: Int, loss: Loss) {
        self.batchSize = batchSize
        kind = loss.kind
        reduction = loss.reduction
    }
}
