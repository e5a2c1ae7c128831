/// Where a low-rank adapter goes and how large it is: LoRA (Hu et al. 2021) as PEFT's
/// `LoraConfig` gives it, for one dense map.
public struct LowRankAdapterSpec: Sendable, Equatable {
    /// The dense map adapted, by its name (`L1`, `L2.attn`, `L2.mlp.fc`).
    public var map: String
    /// The rank r: A is `[in, r]` and B `[r, out]`.
    public var rank: Int
    /// The scale's numerator: B·A is added times α/r (PEFT's `lora_alpha`).
    public var alpha: Double

    public init(map: String, rank: Int, alpha: Double) {
        self.map = map
        self.rank = rank
        self.alpha = alpha
    }

    /// α/r, the factor of the adapter's product (PEFT's `scaling`).
    public var scaling: Double { alpha / Double(rank) }
}

/// A low-rank update beside a dense map's W: z = X·W + b + (α/r)·(X·A)·B, PEFT's `lora.Linear`
/// with no dropout. A (`NAME.lora_A`, `[in, r]`) starts as nn.Linear's default draws it,
/// U(−1/√in, 1/√in), and B (`NAME.lora_B`, `[r, out]`) at zero, so an adapted net starts
/// computing exactly what it computed before. Only A and B need train: r·(in + out) values
/// instead of in·out.
///
/// The engine keeps both in its `[in, out]` orientation; PEFT's files hold their transposes
/// (`lora_A.weight` `[r, in]`, `lora_B.weight` `[out, r]`).
public final class LowRankAdapter {
    public let spec: LowRankAdapterSpec
    /// A, `[in, r]`: the map down to r values.
    public let down: Tensor
    /// B, `[r, out]`: the map back up to the layer's outputs.
    public let up: Tensor

    /// An adapter of zeros for a map `inputWidth` → `outputWidth`; `initialize` draws A.
    init(spec: LowRankAdapterSpec, inputWidth: Int, outputWidth: Int, dtype: DType) {
        self.spec = spec
        down = Tensor(
            zeros: [inputWidth, spec.rank], dtype: dtype, requiresGrad: true, name: "\(spec.map).lora_A")
        up = Tensor(
            zeros: [spec.rank, outputWidth], dtype: dtype, requiresGrad: true, name: "\(spec.map).lora_B")
    }

    public var parameters: [Tensor] { [down, up] }

    /// A from U(−1/√in, 1/√in) in row-major order, B zero.
    func initialize(random: inout RandomSource) {
        let bound = 1 / Double(down.shape[0]).squareRoot()
        for index in 0..<down.count { down[flat: index] = random.nextUniform(in: -bound, bound) }
        for index in 0..<up.count { up[flat: index] = 0 }
    }

    /// (α/r)·(X·A)·B for the map's input X: what the adapter adds to z.
    func update(for input: Tensor) throws(EngineError) -> Tensor {
        try input.matmul(down).matmul(up) * spec.scaling
    }

    /// (α/r)·A·B, `[in, out]`: the change the adapter makes to W, which `merge` adds to it.
    public var weightChange: [Double] {
        let inputs = down.shape[0]
        let rank = spec.rank
        let outputs = up.shape[1]
        let a = down.scalars
        let b = up.scalars
        var change = [Double](repeating: 0, count: inputs * outputs)
        for row in 0..<inputs {
            for k in 0..<rank {
                let left = a[row * rank + k]
                guard left != 0 else { continue }
                for column in 0..<outputs { change[row * outputs + column] += left * b[k * outputs + column] }
            }
        }
        return change.map { $0 * spec.scaling }
    }
}
