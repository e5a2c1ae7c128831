/// Looks up one row of a table per index: y[i, :] = table[index[i], :] (PyTorch's
/// nn.Embedding). The gradient of a row is the sum of the output rows that read it.
///
/// The indices live in a tensor (token ids stored as floats) so a re-run graph can change
/// them in place with each minibatch. They are checked where they are loaded
/// (`embedding(indices:)` here, `TrainingPlan.load(inputs:)` in a plan); an index that is not
/// a row of the table all the same gives a row of NaN, which the trainer's finiteness guard
/// refuses, rather than reading outside the table.
struct EmbeddingOperation: ScalarOperation {
    /// Rows of the table (the vocabulary's size).
    let rows: Int
    /// Values per row (the embedding's width).
    let width: Int

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let table = node.inputs[0].values(S.self)
        let indices = node.inputs[1]
        let index = indices.values(S.self)
        let y = node.values(S.self)
        for position in 0..<indices.count {
            let out = y + position * width
            guard let row = Self.row(Double(index[position]), rows: rows) else {
                for j in 0..<width { out[j] = S.nan }
                continue
            }
            let source = table + row * width
            for j in 0..<width { out[j] = source[j] }
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let tableNode = node.inputs[0]
        guard tableNode.requiresGrad else { return }
        let indices = node.inputs[1]
        let index = indices.values(S.self)
        let dy = node.gradients(S.self)
        let dTable = tableNode.gradients(S.self)
        // Positions in order, so rows read several times sum their gradients in one fixed order.
        for position in 0..<indices.count {
            guard let row = Self.row(Double(index[position]), rows: rows) else { continue }
            let target = dTable + row * width
            let source = dy + position * width
            for j in 0..<width { target[j] += source[j] }
        }
    }

    /// The table row an index value names, or nil when it names none.
    static func row(_ value: Double, rows: Int) -> Int? {
        guard value >= 0, value < Double(rows), value.rounded() == value else { return nil }
        return Int(value)
    }
}

extension Tensor {
    /// The rows of this `[vocabulary, width]` table named by `indices` (token ids, any
    /// shape): a tensor of shape `indices.shape + [width]`.
    public func embedding(indices: Tensor) throws(EngineError) -> Tensor {
        guard rank == 2 else {
            throw .invalidShape(operation: "embedding", shape: shape, expected: "[vocabulary, width]")
        }
        guard indices.dtype == dtype else {
            throw .shapeMismatch(operation: "embedding", left: shape, right: indices.shape)
        }
        for position in 0..<indices.count {
            _ = try tokenIndex(indices[flat: position], vocabularySize: shape[0])
        }
        return Tensor(
            computedBy: EmbeddingOperation(rows: shape[0], width: shape[1]), inputs: [self, indices],
            shape: indices.shape + [shape[1]])
    }
}

/// The token id a value stands for, checked against the vocabulary's size.
func tokenIndex(_ value: Double, vocabularySize: Int) throws(EngineError) -> Int {
    guard let row = EmbeddingOperation.row(value, rows: vocabularySize) else {
        throw .notAToken(value: value, vocabularySize: vocabularySize)
    }
    return row
}
