/// One stage of a `Network`. Layers own their parameters; the graph nodes of each
/// run live in the network's plan, so a layer can be part of plans of several batch sizes.
public protocol Layer: AnyObject {
    /// "L1", "L2", ... in network order.
    var name: String { get }
    /// Trainable tensors, each named "L<k>.<short name>".
    var parameters: [Tensor] { get }
    /// Builds this layer's nodes on top of `input`; returns what the plan keeps for inspection.
    func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace
    /// Whether the layer computes differently in training and evaluation (it has dropout).
    var isModeDependent: Bool { get }
}

extension Layer {
    public var isModeDependent: Bool { false }
}

/// A layer that ends in an affine map to its outputs and an activation (a dense layer, or a
/// tied output layer): its z are logits, which the loss reads for ce and bce_logits.
public protocol OutputMapLayer: Layer {
    /// The activation applied to z.
    var activation: Activation { get }
}

/// The graph nodes one layer produced in a plan: read after a step to show its values.
public struct LayerTrace {
    /// The layer's input.
    public let input: Tensor
    /// The pre-activation z (for dense layers; the output itself for others).
    public let preActivation: Tensor
    /// The layer's output a.
    public let output: Tensor
    /// The dropout masks the layer multiplies by (a dropout layer's, or a block's inside it),
    /// refreshed before each training forward.
    var masks: [DropoutMask] = []
    /// An attention layer's (or block's) attention weights, refreshed by each forward.
    public internal(set) var attention: AttentionWeights? = nil

    /// δ = ∂loss/∂z from the last backward, or nil before one.
    public var delta: [Double]? { preActivation.grad }
}
