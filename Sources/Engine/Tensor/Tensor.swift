/// A row-major, contiguous tensor and, at the same time, a node of the autodiff graph.
///
/// Leaves are made from values (`Tensor(shape:values:)`); every operation returns a
/// new node that remembers its inputs and the operation, computes its value at once
/// and can recompute it later in place (`Graph.forward()`), so a training step reuses
/// the same nodes and buffers on every call. Gradients live beside the value.
///
/// Gradient rules, as PyTorch: `backward()` *adds* into the `grad` of every leaf that
/// requires gradients, so gradients accumulate over calls until `zeroGrad()`.
/// Intermediate nodes keep the gradient of the last backward (reset at its start),
/// which is how layer deltas stay inspectable. Calling `backward()` twice on the same
/// graph is allowed (unlike PyTorch without `retain_graph`): the leaves then hold
/// twice the gradient.
public final class Tensor {
    /// The size of each axis.
    public let shape: [Int]
    /// The element type.
    public let dtype: DType
    /// A name for messages (e.g. "L1.W"); empty when not named.
    public var name: String
    /// Whether gradients flow into this tensor.
    public var requiresGrad: Bool
    /// A parameter excluded from training, as `requires_grad_(False)` in PyTorch: no gradient
    /// flows into it (so its product's weight gradient is not computed at all), no step, no
    /// optimizer state, no weight decay. The next zeroing of the gradients removes the one it
    /// had (`Network.zeroGradients`, as `zero_grad(set_to_none=True)`).
    public var isFrozen = false {
        didSet { requiresGrad = !isFrozen }
    }
    /// A learning rate for this parameter alone, overriding the optimizer's (a parameter group).
    public var learningRate: Double?

    let storage: TensorBuffer
    private var gradientBuffer: TensorBuffer?
    /// Set by `zeroGrad()` instead of clearing memory at once: the first reader clears
    /// it, and a matrix product writes its result over it without reading it first.
    private var gradientIsPendingZero = false
    /// The nodes this one was computed from; emptied only by `deinit`'s release of a chain.
    private(set) var inputs: [Tensor]
    let operation: (any TensorOperation)?

    /// Releases the graph behind this node with a loop: left to Swift, each node's release
    /// would release its inputs from inside its own deinit, one stack frame per node, and a
    /// chain of 100,000 ops (a net of 20,000 layers) overflowed the stack. Inputs that only this
    /// graph holds have their own inputs taken over first, so their deinit has nothing to release;
    /// inputs held elsewhere (parameters, nodes the user keeps) are only let go, unchanged.
    deinit {
        guard !inputs.isEmpty else { return }
        var pending = inputs
        inputs = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs)
                node.inputs = []
            }
        }
    }

    /// Number of elements.
    public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// True for tensors made from values rather than computed by an operation.
    public var isLeaf: Bool { operation == nil }

    /// A leaf tensor filled with zeros.
    public init(zeros shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false, name: String = "") {
        self.shape = shape
        self.dtype = dtype
        self.name = name
        self.requiresGrad = requiresGrad
        storage = TensorBuffer(dtype: dtype, count: shape.reduce(1, *))
        inputs = []
        operation = nil
    }

    /// A leaf tensor holding `values` in row-major order.
    public convenience init(
        shape: [Int], values: [Double], dtype: DType = .float32, requiresGrad: Bool = false, name: String = ""
    ) throws(EngineError) {
        self.init(zeros: shape, dtype: dtype, requiresGrad: requiresGrad, name: name)
        try assign(values)
    }

    /// A scalar leaf.
    public convenience init(scalar: Double, dtype: DType = .float32, requiresGrad: Bool = false) {
        self.init(zeros: [], dtype: dtype, requiresGrad: requiresGrad)
        storage.setElement(0, scalar)
    }

    /// A computed node: allocates its value and runs the operation's forward once.
    init(computedBy operation: any TensorOperation, inputs: [Tensor], shape: [Int]) {
        self.shape = shape
        dtype = inputs[0].dtype
        name = ""
        requiresGrad = inputs.contains { $0.requiresGrad }
        storage = TensorBuffer(dtype: dtype, count: shape.reduce(1, *))
        self.inputs = inputs
        self.operation = operation
        operation.forward(self)
    }

    /// The values in row-major order, as Doubles.
    public var scalars: [Double] { (0..<count).map(storage.element) }

    /// The single value of a one-element tensor.
    public var item: Double { storage.element(0) }

    /// The gradient in row-major order, or nil before any backward reached this tensor.
    public var grad: [Double]? { gradStorage.map { g in (0..<count).map(g.element) } }

    /// Element at a flat row-major index.
    public subscript(flat index: Int) -> Double {
        get { storage.element(index) }
        set { storage.setElement(index, newValue) }
    }

    /// Element at a 2-D position (row, column).
    public subscript(row: Int, column: Int) -> Double {
        get { storage.element(row * shape[1] + column) }
        set { storage.setElement(row * shape[1] + column, newValue) }
    }

    /// Replaces all values (row-major); the count must match the shape.
    public func assign(_ values: [Double]) throws(EngineError) {
        guard values.count == count else {
            throw .valueCountMismatch(shape: shape, expected: count, got: values.count)
        }
        for (index, value) in values.enumerated() { storage.setElement(index, value) }
    }

    /// Copies another tensor's values (same shape and dtype) without allocating.
    public func assign(from other: Tensor) {
        storage.copy(from: other.storage)
    }

    /// Sets the gradient to zero (allocating it if needed), as `optimizer.zero_grad(set_to_none=False)`.
    public func zeroGrad() {
        if gradientBuffer == nil { gradientBuffer = TensorBuffer(dtype: dtype, count: count) }
        gradientIsPendingZero = true
    }

    /// Removes the gradient entirely, as `set_to_none=True`.
    public func clearGrad() {
        gradientBuffer = nil
        gradientIsPendingZero = false
    }

    /// The gradient's storage, zeroed if a zeroing is pending; nil before any backward.
    var gradStorage: TensorBuffer? {
        guard let g = gradientBuffer else { return nil }
        if gradientIsPendingZero {
            g.zero()
            gradientIsPendingZero = false
        }
        return g
    }

    /// The gradient's storage for an operation that will overwrite it (beta 0) when a
    /// zeroing is pending, or add into it (beta 1) otherwise.
    func gradientsForOverwrite<S: EngineScalar>(_: S.Type) -> (pointer: UnsafeMutablePointer<S>, beta: S) {
        if let g = gradientBuffer, gradientIsPendingZero {
            gradientIsPendingZero = false
            return (g.pointer(S.self), 0)
        }
        return (ensureGrad().pointer(S.self), 1)
    }

    /// Sets the gradient to explicit values (used by tests and by hand-checked examples).
    public func setGrad(_ values: [Double]) throws(EngineError) {
        guard values.count == count else {
            throw .valueCountMismatch(shape: shape, expected: count, got: values.count)
        }
        let g = ensureGrad()
        for (index, value) in values.enumerated() { g.setElement(index, value) }
    }

    @discardableResult
    func ensureGrad() -> TensorBuffer {
        if let g = gradStorage { return g }
        let g = TensorBuffer(dtype: dtype, count: count)
        gradientBuffer = g
        return g
    }

    @inline(__always)
    func values<S: EngineScalar>(_: S.Type) -> UnsafeMutablePointer<S> { storage.pointer(S.self) }

    @inline(__always)
    func gradients<S: EngineScalar>(_: S.Type) -> UnsafeMutablePointer<S> { ensureGrad().pointer(S.self) }

    /// A copy of this tensor's values as a new leaf (no graph history).
    public func detached(requiresGrad: Bool = false) -> Tensor {
        let copy = Tensor(zeros: shape, dtype: dtype, requiresGrad: requiresGrad, name: name)
        copy.storage.copy(from: storage)
        return copy
    }

    /// The same values in another dtype, as a new leaf.
    public func converted(to newType: DType) -> Tensor {
        let copy = Tensor(zeros: shape, dtype: newType, requiresGrad: requiresGrad, name: name)
        for index in 0..<count { copy.storage.setElement(index, storage.element(index)) }
        return copy
    }
}
