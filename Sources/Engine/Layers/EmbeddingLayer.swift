/// A table of one learned vector per token (PyTorch's nn.Embedding, drawn from N(0, 1) as it
/// is): each of an example's K token ids picks its row, and the K rows are laid side by side,
/// so the next layer reads K·D values (Bengio et al.'s 2003 neural language model; the
/// nn.Embedding followed by nn.Flatten of a PyTorch Sequential).
public final class EmbeddingLayer: Layer {
    public let name: String
    /// The table, shape [vocabulary, width]: row t is token t's vector.
    public let table: Tensor
    /// Token ids per example.
    public let tokenCount: Int

    /// A table of zeros; `initialize` draws its values.
    public init(name: String, vocabularySize: Int, width: Int, tokenCount: Int, dtype: DType) {
        self.name = name
        self.tokenCount = tokenCount
        table = Tensor(zeros: [vocabularySize, width], dtype: dtype, requiresGrad: true, name: "\(name).E")
    }

    public var parameters: [Tensor] { [table] }
    /// Tokens the table has a row for.
    public var vocabularySize: Int { table.shape[0] }
    /// Values per token.
    public var width: Int { table.shape[1] }

    /// Draws every entry from N(0, 1), nn.Embedding's default.
    func initialize(random: inout RandomSource) {
        for index in 0..<table.count { table[flat: index] = random.nextNormal() }
    }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        let vectors = try table.embedding(indices: input)
        let output = try vectors.reshaped([batchSize, tokenCount * width])
        return LayerTrace(input: input, preActivation: output, output: output)
    }
}
