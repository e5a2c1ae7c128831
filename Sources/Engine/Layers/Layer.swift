/// One stage of a `Network`. Layers own their parameters; the graph nodes of each
/// run live in the network's plan, so a layer can be part of plans of several batch sizes.
public protocol Layer: AnyObject {
    /// "L1", "L2", ... in network order.
    var name: String { get }
    /// Trainable tensors, each named "L<k>.<short name>".
    var parameters: [Tensor] { get }
    /// Builds this layer's nodes on top of `input`; returns what the plan keeps for inspection.
    func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace
}

/// The graph nodes one layer produced in a plan: read after a step to show its values.
public struct LayerTrace {
    /// The layer's input.
    public let input: Tensor
    /// The pre-activation z (for dense layers; the output itself for others).
    public let preActivation: Tensor
    /// The layer's output a.
    public let output: Tensor
    /// A dropout layer's mask, refreshed before each training forward.
    let mask: Tensor?

    /// δ = ∂loss/∂z from the last backward, or nil before one.
    public var delta: [Double]? { preActivation.grad }
}
