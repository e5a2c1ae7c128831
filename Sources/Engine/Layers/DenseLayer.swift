/// An affine map H = X·W + b followed by an activation; W is stored `[in, out]`. A low-rank
/// adapter, when the net has one here, adds (α/r)·(X·A)·B to z (`LowRankAdapter`).
public final class DenseLayer: OutputMapLayer {
    public let name: String
    /// Weights, shape [inputWidth, outputWidth].
    public let weight: Tensor
    /// Bias, shape [outputWidth].
    public let bias: Tensor
    /// The activation applied to z.
    public let activation: Activation
    /// The LoRA adapter beside W, attached by the network before any plan is built.
    public private(set) var adapter: LowRankAdapter?

    /// A layer of zeros; the network initialises it.
    public init(name: String, inputWidth: Int, outputWidth: Int, activation: Activation, dtype: DType) {
        self.name = name
        self.activation = activation
        weight = Tensor(
            zeros: [inputWidth, outputWidth], dtype: dtype, requiresGrad: true, name: "\(name).W")
        bias = Tensor(zeros: [outputWidth], dtype: dtype, requiresGrad: true, name: "\(name).b")
    }

    public var parameters: [Tensor] { [weight, bias] + (adapter?.parameters ?? []) }
    public var inputWidth: Int { weight.shape[0] }
    public var outputWidth: Int { weight.shape[1] }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        let z = try map(input)
        return LayerTrace(input: input, preActivation: z, output: try activation.apply(to: z))
    }

    /// z = X·W + b, plus the adapter's (α/r)·(X·A)·B when there is one.
    func map(_ input: Tensor) throws(EngineError) -> Tensor {
        let z = try input.affine(weight: weight, bias: bias)
        guard let adapter else { return z }
        return try z + adapter.update(for: input)
    }

    /// Puts a new adapter of `spec` beside W, with A drawn from `random` and B zero.
    func attachAdapter(_ spec: LowRankAdapterSpec, random: inout RandomSource) {
        let adapter = LowRankAdapter(
            spec: spec, inputWidth: inputWidth, outputWidth: outputWidth, dtype: weight.dtype)
        adapter.initialize(random: &random)
        self.adapter = adapter
    }
}

/// Inverted dropout: in training each unit is kept with probability 1 - p and scaled
/// by 1/(1 - p); in evaluation it passes unchanged.
public final class DropoutLayer: Layer {
    public let name: String
    /// Probability of dropping a unit.
    public let probability: Double

    public init(name: String, probability: Double) {
        self.name = name
        self.probability = probability
    }

    public var parameters: [Tensor] { [] }
    public var isModeDependent: Bool { true }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        // A dropout layer keeps its node at p = 0 too: it is a layer of the chain, with a trace.
        let (output, mask) = try input.multipliedByDropoutMask(probability: probability)
        return LayerTrace(input: input, preActivation: output, output: output, masks: [mask])
    }
}

/// Layer normalisation over the last axis with a learned gain and shift (PyTorch's
/// nn.LayerNorm with eps 1e-5, biased variance).
public final class LayerNormLayer: Layer {
    public let name: String
    /// Gain γ, initialised to ones.
    public let gain: Tensor
    /// Shift β, initialised to zeros.
    public let shift: Tensor
    /// Added to the variance before the root.
    public let epsilon: Double

    public init(name: String, width: Int, dtype: DType, epsilon: Double = 1e-5) {
        self.name = name
        self.epsilon = epsilon
        gain = Tensor(zeros: [width], dtype: dtype, requiresGrad: true, name: "\(name).gamma")
        shift = Tensor(zeros: [width], dtype: dtype, requiresGrad: true, name: "\(name).beta")
        for index in 0..<width { gain[flat: index] = 1 }
    }

    public var parameters: [Tensor] { [gain, shift] }

    public func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
        let normalised = try input.layerNormalized(epsilon: epsilon)
        let output = try normalised * gain + shift
        return LayerTrace(input: input, preActivation: normalised, output: output)
    }
}
