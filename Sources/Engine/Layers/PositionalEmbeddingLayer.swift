/// GPT's input layer: each token's row of a learned table plus its position's row of a second
/// one (GPT-2's `wte` and `wpe`), one `width`-wide row per position, so a batch of B examples of
/// K tokens becomes a `[B·K, width]` tensor, the `[B, K, width]` of PyTorch with its first two
/// axes merged. Both tables are drawn from N(0, 0.02²), as GPT-2 and nanoGPT draw them.
public final class PositionalEmbeddingLayer: Layer {
    public let name: String
    /// The token table, `[vocabulary, width]` (`L1.E`); a tied output layer reads it too.
    public let table: Tensor
    /// The position table, `[positions, width]` (`L1.P`).
    public let positionTable: Tensor

    /// Tables of zeros; `initialize` draws their values.
    public init(name: String, vocabularySize: Int, width: Int, positions: Int, dtype: DType) {
        self.name = name
        table = Tensor(zeros: [vocabularySize, width], dtype: dtype, requiresGrad: true, name: "\(name).E")
        positionTable = Tensor(
            zeros: [positions, width], dtype: dtype, requiresGrad: true, name: "\(name).P")
    }

    public var parameters: [Tensor] { [table, positionTable] }
    /// Tokens the table has a row for.
    public var vocabularySize: Int { table.shape[0] }
    /// Positions per example (the context).
    public var positions: Int { positionTable.shape[0] }
    /// Values per row.
    public var width: Int { table.shape[1] }

    func initialize(random: inout RandomSource) {
        TransformerInitialization.fillNormal(table, standardDeviation: 0.02, random: &random)
        TransformerInitialization.fillNormal(positionTable, standardDeviation: 0.02, random: &random)
    }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        let rows = batchSize * positions
        let tokens = try table.embedding(indices: input).reshaped([rows, width])
        // Each row's position, 0 ..< K over and over: a constant leaf of this plan.
        let indices = Tensor(zeros: [rows], dtype: input.dtype, name: "positions")
        for row in 0..<rows { indices[flat: row] = Double(row % positions) }
        let output = try tokens + positionTable.embedding(indices: indices)
        return LayerTrace(input: input, preActivation: output, output: output)
    }
}
