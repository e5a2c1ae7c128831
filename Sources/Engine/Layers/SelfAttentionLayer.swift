/// Multi-head causal self-attention with its two projections, nanoGPT's `CausalSelfAttention`:
/// one dense map to each position's queries, keys and values (`NAME.W`, `[C, 3C]`, and
/// `NAME.b`), the attention itself (`Ops/CausalSelfAttentionOperation`), and a dense map of the
/// heads side by side back to C (`NAME.proj.W`, `NAME.proj.b`). Its input and output are
/// `[sequences·positions, C]`.
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

    /// A layer of zeros; `initialize` draws its values.
    public init(name: String, width: Int, heads: Int, positions: Int, dtype: DType) {
        self.name = name
        self.heads = heads
        self.positions = positions
        inputMap = DenseLayer(
            name: name, inputWidth: width, outputWidth: 3 * width, activation: .identity, dtype: dtype)
        outputMap = DenseLayer(
            name: "\(name).proj", inputWidth: width, outputWidth: width, activation: .identity, dtype: dtype)
    }

    public var parameters: [Tensor] { inputMap.parameters + outputMap.parameters }
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
        let (output, weights) = try attend(input)
        var trace = LayerTrace(input: input, preActivation: output, output: output, mask: nil)
        trace.attention = weights
        return trace
    }

    /// The layer's nodes on `input`, and where its attention weights will be.
    func attend(_ input: Tensor) throws(EngineError) -> (output: Tensor, weights: AttentionWeights) {
        let qkv = try inputMap.map(input)
        let (mixed, weights) = try qkv.causalSelfAttention(positions: positions, heads: heads)
        return (try outputMap.map(mixed), weights)
    }
}
