/// An output layer that owns no weights: its logits are each row's dot products with the rows
/// of the net's token table, z = x·Eᵀ (weight tying, Press & Wolf 2017, as GPT-2 and nanoGPT
/// tie `lm_head` to `wte`, without a bias), followed by an activation (softmax for a language
/// model). The table's gradient then sums what both uses of it send back.
public final class TiedOutputLayer: OutputMapLayer {
    public let name: String
    /// The token table read transposed, `[vocabulary, width]`, owned by the embedding layer.
    public let table: Tensor
    /// The activation applied to z.
    public let activation: Activation

    public init(name: String, table: Tensor, activation: Activation) {
        self.name = name
        self.table = table
        self.activation = activation
    }

    /// None of its own: the table is the embedding's.
    public var parameters: [Tensor] { [] }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        let z = try input.matmul(transposing: table)
        return LayerTrace(input: input, preActivation: z, output: try activation.apply(to: z))
    }
}
