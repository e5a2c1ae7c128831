/// Multi-head causal self-attention on the queries, keys and values of a batch of sequences,
/// as GPT computes it between its two projections (nanoGPT's `CausalSelfAttention` without
/// the flash kernel):
///
///     P = softmax(mask(q·kᵀ / √d)),   y = P·v
///
/// for each sequence and head, where d is the head's width and the mask hides every later
/// position (−∞ before the softmax, so each later weight is exactly 0).
///
/// The input is `[sequences·T, 3C]`, each position's q, k and v side by side (the columns of
/// one `c_attn` projection, as `qkv.split(C, dim=2)` reads them), head h taking columns
/// h·d ..< (h+1)·d of each; the output is `[sequences·T, C]`, the heads side by side. The
/// attention weights P of the last forward are kept (`AttentionWeights`) for the backward and
/// for `show attention`. With a dropout mask (a second input, `[sequences·heads·T, T]`, as
/// nanoGPT's `attn_dropout` draws one), y = (P ⊙ M)·v, and the dropped weights are kept
/// beside P for the backward. Every product is the engine's gemm, so the bits are the same on every
/// CPU, and the sequence-head pairs run on the worker pool, each writing only its own columns.
struct CausalSelfAttentionOperation: ScalarOperation {
    /// Positions per sequence (T).
    let positions: Int
    /// Heads (H).
    let heads: Int
    /// The model's width (C = H·d).
    let width: Int
    /// P of the last forward, and the scratch its backward uses.
    let weights: AttentionWeights

    var headWidth: Int { width / heads }
    var sequences: Int { weights.sequences }

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let pairs = AttentionPairs<S>(
            operation: self, qkv: node.inputs[0].values(S.self), y: node.values(S.self),
            probabilities: weights.probabilities.pointer(S.self), dropout: dropout(S.self, node), dqkv: nil,
            dy: nil, scratch: weights.scratch.pointer(S.self))
        WorkerPool.shared.forEachChunk(count: sequences * heads, minimumChunk: 1, pairs)
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let pairs = AttentionPairs<S>(
            operation: self, qkv: input.values(S.self), y: node.values(S.self),
            probabilities: weights.probabilities.pointer(S.self), dropout: dropout(S.self, node),
            dqkv: input.gradients(S.self), dy: node.gradients(S.self),
            scratch: weights.scratch.pointer(S.self))
        WorkerPool.shared.forEachChunk(count: sequences * heads, minimumChunk: 1, pairs)
    }

    /// The node's dropout mask and the buffer of dropped weights, when it has a mask.
    private func dropout<S: EngineScalar>(_: S.Type, _ node: Tensor) -> AttentionDropout<S>? {
        guard node.inputs.count > 1, let dropped = weights.dropped else { return nil }
        return AttentionDropout(mask: node.inputs[1].values(S.self), dropped: dropped.pointer(S.self))
    }
}

/// Attention dropout's two arrays, `[sequences·heads, T, T]` as P: the mask M (1/(1 − p) or 0)
/// and the weights P ⊙ M that multiply v.
private struct AttentionDropout<S: EngineScalar> {
    let mask: UnsafeMutablePointer<S>
    let dropped: UnsafeMutablePointer<S>
}

/// The attention weights of an attention node's last forward, `[sequences, heads, T, T]`
/// (row i of a head's matrix is what position i attends to; zero after i), and a scratch
/// buffer of the same size for the backward, which leaves ∂loss/∂score in it (the gradient
/// of the scores q·k/√d, zero where the mask hid a position).
public final class AttentionWeights {
    let probabilities: TensorBuffer
    let scratch: TensorBuffer
    /// P ⊙ M of the last forward, for a node with attention dropout.
    let dropped: TensorBuffer?
    /// Sequences per batch.
    public let sequences: Int
    /// Heads.
    public let heads: Int
    /// Positions per sequence.
    public let positions: Int

    init(dtype: DType, sequences: Int, heads: Int, positions: Int, dropout: Bool = false) {
        self.sequences = sequences
        self.heads = heads
        self.positions = positions
        let count = sequences * heads * positions * positions
        probabilities = TensorBuffer(dtype: dtype, count: count)
        scratch = TensorBuffer(dtype: dtype, count: count)
        dropped = dropout ? TensorBuffer(dtype: dtype, count: count) : nil
    }

    /// Bytes of the weights, the scratch and the dropped weights.
    var byteCount: Int { (dropped == nil ? 2 : 3) * probabilities.count * probabilities.dtype.byteCount }

    /// Head `head`'s weights for sequence `sequence`: T rows of T, row i summing to 1 over
    /// the positions 0...i it may see.
    public func matrix(sequence: Int, head: Int) -> [[Double]] {
        matrix(sequence: sequence, head: head, of: probabilities)
    }

    /// The same rows of `buffer` (the weights, or after a backward the scratch, which then
    /// holds ∂loss/∂score).
    func matrix(sequence: Int, head: Int, of buffer: TensorBuffer) -> [[Double]] {
        let start = (sequence * heads + head) * positions * positions
        return (0..<positions).map { row in
            (0..<positions).map { column in buffer.element(start + row * positions + column) }
        }
    }
}

/// The forward or (with gradients) backward of one attention node, one sequence-head pair
/// per index of the loop.
private struct AttentionPairs<S: EngineScalar>: ChunkedLoop {
    let operation: CausalSelfAttentionOperation
    let qkv: UnsafeMutablePointer<S>
    let y: UnsafeMutablePointer<S>
    let probabilities: UnsafeMutablePointer<S>
    let dropout: AttentionDropout<S>?
    /// ∂loss/∂qkv, added into; nil for the forward.
    let dqkv: UnsafeMutablePointer<S>?
    let dy: UnsafeMutablePointer<S>?
    let scratch: UnsafeMutablePointer<S>

    func run(_ range: Range<Int>) {
        for pair in range {
            if let dqkv, let dy { backward(pair, dqkv: dqkv, dy: dy) } else { forward(pair) }
        }
    }

    private var t: Int { operation.positions }
    private var c: Int { operation.width }
    private var d: Int { operation.headWidth }
    private var scale: S { 1 / S(d).squareRoot() }

    /// The positions in blocks of 16 rows (first row, row count). A block's products need
    /// only the pairs the mask keeps, positions up to its last row, so about half of each
    /// T×T product is never computed. The terms left out are exact zeros (P and ∂s vanish
    /// where the mask hid a pair), and a sum that starts at +0 is unchanged by adding ±0, so
    /// every result has the bits the full products gave.
    private var rowBlocks: some Sequence<(Int, Int)> {
        let t = self.t
        return stride(from: 0, to: t, by: 16).lazy.map { ($0, Swift.min(16, t - $0)) }
    }

    /// Where sequence `pair / heads`, head `pair % heads` starts in qkv (its q), and in y.
    private func offsets(_ pair: Int) -> (qkv: Int, y: Int, p: Int) {
        let sequence = pair / operation.heads
        let head = pair % operation.heads
        return (sequence * t * 3 * c + head * d, sequence * t * c + head * d, pair * t * t)
    }

    private func forward(_ pair: Int) {
        let (start, out, pStart) = offsets(pair)
        let q = qkv + start
        let k = q + c
        let v = q + 2 * c
        let p = probabilities + pStart
        // Scores q·kᵀ/√d for the pairs the mask keeps (a row block's positions and those
        // before); the loop below masks the rest.
        for (r0, rows) in rowBlocks {
            S.gemm(
                transposeA: false, transposeB: true, m: rows, n: r0 + rows, k: d, alpha: scale,
                a: q + r0 * 3 * c, lda: 3 * c, b: k, ldb: 3 * c, beta: 0, c: p + r0 * t, ldc: t, bias: nil)
        }
        for i in 0..<t {
            let row = p + i * t
            var largest = row[0]
            for j in 1..<(i + 1) where row[j] > largest { largest = row[j] }
            var total: S = 0
            for j in 0..<(i + 1) {
                let e = S.exponential(row[j] - largest)
                row[j] = e
                total += e
            }
            for j in 0..<(i + 1) { row[j] /= total }
            for j in (i + 1)..<t { row[j] = 0 }
        }
        // With dropout, P ⊙ M multiplies v (zero after i too, as P is).
        var weights = p
        if let dropout {
            weights = dropout.dropped + pStart
            let mask = dropout.mask + pStart
            for index in 0..<(t * t) { weights[index] = p[index] * mask[index] }
        }
        // y = P·v, each row block's sums over the positions it sees.
        for (r0, rows) in rowBlocks {
            S.gemm(
                transposeA: false, transposeB: false, m: rows, n: d, k: r0 + rows, alpha: 1,
                a: weights + r0 * t,
                lda: t, b: v, ldb: 3 * c, beta: 0, c: y + out + r0 * c, ldc: c, bias: nil)
        }
    }

    private func backward(_ pair: Int, dqkv: UnsafeMutablePointer<S>, dy: UnsafeMutablePointer<S>) {
        let (start, out, pStart) = offsets(pair)
        let q = qkv + start
        let k = q + c
        let v = q + 2 * c
        let p = probabilities + pStart
        let dp = scratch + pStart
        let dyHead = dy + out
        let weights = dropout.map { $0.dropped + pStart } ?? p
        // ∂P = ∂y·vᵀ where the mask keeps a pair, and ∂v += Pᵀ·∂y (position j's sum runs
        // over the positions from j on, the ones that see it); with dropout these are ∂(P ⊙ M)
        // and (P ⊙ M)ᵀ·∂y, and ∂P = ∂(P ⊙ M) ⊙ M.
        for (r0, rows) in rowBlocks {
            S.gemm(
                transposeA: false, transposeB: true, m: rows, n: r0 + rows, k: d, alpha: 1,
                a: dyHead + r0 * c,
                lda: c, b: v, ldb: 3 * c, beta: 0, c: dp + r0 * t, ldc: t, bias: nil)
            S.gemm(
                transposeA: true, transposeB: false, m: rows, n: d, k: t - r0, alpha: 1,
                a: weights + r0 * t + r0,
                lda: t, b: dyHead + r0 * c, ldb: c, beta: 1, c: dqkv + start + 2 * c + r0 * 3 * c, ldc: 3 * c,
                bias: nil)
        }
        if let dropout {
            let mask = dropout.mask + pStart
            for i in 0..<t {
                for j in 0..<(i + 1) { dp[i * t + j] *= mask[i * t + j] }
            }
        }
        // Through the softmax: ∂s = P ⊙ (∂P − Σⱼ Pⱼ∂Pⱼ), zero where the mask hid a position.
        for i in 0..<t {
            let pRow = p + i * t
            let row = dp + i * t
            var dot: S = 0
            for j in 0..<(i + 1) { dot += pRow[j] * row[j] }
            for j in 0..<(i + 1) { row[j] = pRow[j] * (row[j] - dot) }
            for j in (i + 1)..<t { row[j] = 0 }
        }
        // ∂q += ∂s·k/√d and ∂k += ∂sᵀ·q/√d, over the same unmasked pairs.
        for (r0, rows) in rowBlocks {
            S.gemm(
                transposeA: false, transposeB: false, m: rows, n: d, k: r0 + rows, alpha: scale,
                a: dp + r0 * t, lda: t, b: k, ldb: 3 * c, beta: 1, c: dqkv + start + r0 * 3 * c, ldc: 3 * c,
                bias: nil)
            S.gemm(
                transposeA: true, transposeB: false, m: rows, n: d, k: t - r0, alpha: scale,
                a: dp + r0 * t + r0, lda: t, b: q + r0 * 3 * c, ldb: 3 * c, beta: 1,
                c: dqkv + start + c + r0 * 3 * c, ldc: 3 * c, bias: nil)
        }
    }
}

extension Tensor {
    /// Causal self-attention with `heads` heads over this `[sequences·positions, 3·width]`
    /// tensor of each position's queries, keys and values: `[sequences·positions, width]`.
    /// The weights of each forward are kept in `weights`.
    public func causalSelfAttention(positions: Int, heads: Int) throws(EngineError)
        -> (output: Tensor, weights: AttentionWeights)
    {
        let (output, weights, _) = try causalSelfAttention(positions: positions, heads: heads, dropout: 0)
        return (output, weights)
    }

    /// Causal self-attention as above with attention dropout (nanoGPT's `attn_dropout`): with
    /// `dropout` above 0 the weights are multiplied by a mask before they meet v, and the mask
    /// is returned for the plan to redraw.
    func causalSelfAttention(positions: Int, heads: Int, dropout: Double) throws(EngineError)
        -> (output: Tensor, weights: AttentionWeights, masks: [DropoutMask])
    {
        guard rank == 2, positions > 0, shape[0] % positions == 0, shape[1] % 3 == 0 else {
            throw .invalidShape(
                operation: "attention", shape: shape, expected: "[sequences·\(positions), 3·width]")
        }
        let width = shape[1] / 3
        guard heads > 0, width % heads == 0 else {
            throw .invalidShape(
                operation: "attention", shape: shape, expected: "[sequences·\(positions), 3·\(heads)·d]")
        }
        let sequences = shape[0] / positions
        let weights = AttentionWeights(
            dtype: dtype, sequences: sequences, heads: heads, positions: positions, dropout: dropout > 0)
        let operation = CausalSelfAttentionOperation(
            positions: positions, heads: heads, width: width, weights: weights)
        let masks =
            dropout > 0
            ? [
                DropoutMask(
                    probability: dropout, shape: [sequences * heads * positions, positions], dtype: dtype)
            ]
            : []
        let output = Tensor(
            computedBy: operation, inputs: [self] + masks.map(\.tensor), shape: [shape[0], width])
        return (output, weights, masks)
    }
}
