/// Multi-head causal self-attention with its two projections, nanoGPT's `CausalSelfAttention`:
/// one dense map to each position's queries, keys and values (`NAME.W`, `[C, 3C]`, and
/// `NAME.b`), the attention itself (`Ops/CausalSelfAttentionOperation`), and a dense map of the
/// heads side by side back to C (`NAME.proj.W`, `NAME.proj.b`). Its input and output are
/// `[sequences·positions, C]`. With dropout p, the attention weights and the projection's output
/// are each multiplied by a dropout mask in training (nanoGPT's `attn_dropout` and
/// `resid_dropout`).
public final class SelfAttentionLayer: Layer {
    public let name: String
    /// Heads (each C/H wide).
    public let heads: Int
    /// Positions per sequence.
    public let positions: Int
    /// The queries, keys and values, side by side (`c_attn`).
    public let inputMap: DenseLayer
    /// The heads back to the model's width (`c_proj`).
    public let outputMap: DenseLayer
    /// Probability of dropping an attention weight, and an element of the output (0: none).
    public let dropout: Double

    /// A layer of zeros; `initialize` draws its values.
    public init(name: String, width: Int, heads: Int, positions: Int, dropout: Double = 0, dtype: DType) {
        self.name = name
        self.heads = heads
        self.positions = positions
        self.dropout = dropout
        inputMap = DenseLayer(
            name: name, inputWidth: width, outputWidth: 3 * width, activation: .identity, dtype: dtype)
        outputMap = DenseLayer(
            name: "\(name).proj", inputWidth: width, outputWidth: width, activation: .identity, dtype: dtype)
    }

    public var parameters: [Tensor] { inputMap.parameters + outputMap.parameters }
    public var isModeDependent: Bool { dropout > 0 }
    /// The model's width C.
    public var width: Int { outputMap.outputWidth }

    /// GPT-2's initialisation for a net of `blocks` blocks.
    func initialize(blocks: Int, random: inout RandomSource) {
        TransformerInitialization.fill(inputMap, standardDeviation: 0.02, random: &random)
        TransformerInitialization.fill(
            outputMap, standardDeviation: TransformerInitialization.residualStandardDeviation(blocks: blocks),
            random: &random)
    }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        let (output, weights, masks) = try attend(input)
        var trace = LayerTrace(input: input, preActivation: output, output: output, masks: masks)
        trace.attention = weights
        return trace
    }

    /// The layer's nodes on `input`, where its attention weights will be, and its dropout masks.
    func attend(_ input: Tensor) throws(EngineError) -> (
        output: Tensor, weights: AttentionWeights, masks: [DropoutMask]
    ) {
        let qkv = try inputMap.map(input)
        let (mixed, weights, attentionMasks) = try qkv.causalSelfAttention(
            positions: positions, heads: heads, dropout: dropout)
        let (output, outputMasks) = try outputMap.map(mixed).droppingOut(probability: dropout)
        return (output, weights, attentionMasks + outputMasks)
    }
}
