/// A pre-norm transformer block, GPT-2's and nanoGPT's `Block`:
///
///     x = x + attention(layernorm₁(x))
///     x = x + proj(gelu(fc(layernorm₂(x))))
///
/// with a hidden layer 4·C wide (exact GELU, nn.GELU's default). With dropout p, the attention's
/// weights and each branch's output are multiplied by a dropout mask in training, where
/// nanoGPT's `attn_dropout`, `resid_dropout` and the MLP's `dropout` are. Its parameters are named
/// under the block: `L2.ln1.gamma`, `L2.attn.W`, `L2.attn.proj.W`, `L2.ln2.gamma`,
/// `L2.mlp.fc.W`, `L2.mlp.proj.W` and their biases and shifts.
public final class TransformerBlock: Layer {
    public let name: String
    /// The layer norm before the attention.
    public let attentionNorm: LayerNormLayer
    /// The attention and its projections.
    public let attention: SelfAttentionLayer
    /// The layer norm before the MLP.
    public let mlpNorm: LayerNormLayer
    /// The MLP's hidden layer, C → 4C with GELU (`c_fc`).
    public let hidden: DenseLayer
    /// The MLP's output map, 4C → C (`c_proj`).
    public let projection: DenseLayer

    /// A block of zeros (layer norms at gain 1); `initialize` draws its weights.
    public init(name: String, width: Int, heads: Int, positions: Int, dropout: Double = 0, dtype: DType) {
        self.name = name
        attentionNorm = LayerNormLayer(name: "\(name).ln1", width: width, dtype: dtype)
        attention = SelfAttentionLayer(
            name: "\(name).attn", width: width, heads: heads, positions: positions, dropout: dropout,
            dtype: dtype)
        mlpNorm = LayerNormLayer(name: "\(name).ln2", width: width, dtype: dtype)
        hidden = DenseLayer(
            name: "\(name).mlp.fc", inputWidth: width, outputWidth: 4 * width, activation: .gelu, dtype: dtype
        )
        projection = DenseLayer(
            name: "\(name).mlp.proj", inputWidth: 4 * width, outputWidth: width, activation: .identity,
            dtype: dtype)
    }

    public var parameters: [Tensor] {
        attentionNorm.parameters + attention.parameters + mlpNorm.parameters + hidden.parameters
            + projection.parameters
    }
    /// Heads of the attention.
    public var heads: Int { attention.heads }
    /// The block's dropout probability (0: none).
    public var dropout: Double { attention.dropout }
    public var isModeDependent: Bool { dropout > 0 }

    /// GPT-2's initialisation for a net of `blocks` blocks.
    func initialize(blocks: Int, random: inout RandomSource) {
        attention.initialize(blocks: blocks, random: &random)
        TransformerInitialization.fill(hidden, standardDeviation: 0.02, random: &random)
        TransformerInitialization.fill(
            projection,
            standardDeviation: TransformerInitialization.residualStandardDeviation(blocks: blocks),
            random: &random)
    }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        let normalised = try attentionNorm.connect(input, batchSize: batchSize).output
        let (attended, weights, attentionMasks) = try attention.attend(normalised)
        let afterAttention = try input + attended
        let mlpInput = try mlpNorm.connect(afterAttention, batchSize: batchSize).output
        let hiddenValues = try hidden.connect(mlpInput, batchSize: batchSize).output
        let (branch, branchMasks) = try projection.connect(hiddenValues, batchSize: batchSize).output
            .droppingOut(probability: dropout)
        let output = try afterAttention + branch
        var trace = LayerTrace(
            input: input, preActivation: output, output: output, masks: attentionMasks + branchMasks)
        trace.attention = weights
        return trace
    }
}
