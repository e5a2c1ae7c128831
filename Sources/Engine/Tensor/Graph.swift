/// One computation recorded as nodes in topological order, re-runnable in place.
///
/// Built once from its output (a depth-first sort), a graph can recompute every
/// node's value after its leaves change (`forward()`) and propagate gradients back
/// (`backward()`), touching only preallocated buffers: the training loop's steps
/// allocate nothing once the graph exists.
public final class Graph {
    /// The node whose value the graph computes (usually a scalar loss).
    public let output: Tensor
    /// Every node reachable from the outputs, inputs before the nodes that use them.
    let order: [Tensor]
    /// The nodes `output` depends on, in the same order: the only ones backward visits.
    let backwardOrder: [Tensor]

    /// Records the computation that produced `output`, and that of `alsoComputing`
    /// (nodes to keep current on `forward()` though the output does not depend on them,
    /// e.g. a sigmoid shown to the user while the loss reads the logits).
    public init(output: Tensor, alsoComputing extraOutputs: [Tensor] = []) {
        self.output = output
        backwardOrder = Self.topologicalOrder(from: [output])
        order = extraOutputs.isEmpty ? backwardOrder : Self.topologicalOrder(from: [output] + extraOutputs)
    }

    /// Depth-first post-order, iterative so that deep graphs cannot overflow the stack.
    private static func topologicalOrder(from roots: [Tensor]) -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = roots.reversed().map { ($0, false) }
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.inputs.reversed() where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }

    /// Recomputes every computed node from the current leaf values.
    public func forward() {
        for node in order {
            if let operation = node.operation { operation.forward(node) }
        }
    }

    /// Back-propagates from the output, seeded with 1 (the output must hold one value).
    ///
    /// Intermediate gradients are reset first; leaf gradients accumulate.
    public func backward() throws(EngineError) {
        guard output.count == 1 else { throw .backwardNeedsScalar(shape: output.shape) }
        resetIntermediateGradients()
        output.storage.dtype == .float32
            ? (output.gradients(Float.self)[0] = 1) : (output.gradients(Double.self)[0] = 1)
        propagate()
    }

    /// Back-propagates with an explicit seed gradient for the output (same count).
    public func backward(seed: [Double]) throws(EngineError) {
        resetIntermediateGradients()
        try output.setGrad(seed)
        propagate()
    }

    /// Which computed nodes need a gradient is decided again before each backward, from the
    /// leaves as they are now (a parameter frozen or unfrozen since the graph was built), inputs
    /// before the nodes that use them; then those nodes' gradients are reset.
    private func resetIntermediateGradients() {
        for node in backwardOrder where !node.isLeaf {
            node.requiresGrad = node.inputs.contains { $0.requiresGrad }
            if node.requiresGrad { node.zeroGrad() }
        }
    }

    private func propagate() {
        for node in backwardOrder.reversed() {
            guard let operation = node.operation, node.requiresGrad else { continue }
            // Each operation fetches its inputs' gradients itself, so a freshly zeroed
            // gradient can be overwritten rather than cleared and added to.
            operation.backward(node)
        }
    }
}

/// An operation of the graph: computes a node's value from its inputs and adds the
/// node's gradient, times the local derivative, into the inputs' gradients.
protocol TensorOperation {
    /// Writes `node`'s value from `node.inputs`.
    func forward(_ node: Tensor)
    /// Adds into the gradient of every input that requires one.
    func backward(_ node: Tensor)
}

extension Tensor {
    /// Back-propagates from this one-element tensor through everything that produced it.
    ///
    /// Sorts the graph on each call; loops that repeat a step should keep a `Graph`.
    public func backward() throws(EngineError) {
        try Graph(output: self).backward()
    }
}
