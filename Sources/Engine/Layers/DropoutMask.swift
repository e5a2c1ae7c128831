/// One inverted-dropout mask of a plan: a constant leaf the graph multiplies by, redrawn
/// before each training forward (each element 1/(1 − p) kept or 0 dropped) and set to ones
/// for evaluation. A `dropout P` layer has one; a transformer block with dropout has one for
/// its attention weights and one on each residual branch, as nanoGPT's `attn_dropout`,
/// `resid_dropout` and MLP `dropout` are.
struct DropoutMask {
    /// Probability of dropping an element.
    let probability: Double
    /// The mask's values, one per element of what it multiplies.
    let tensor: Tensor

    /// A mask of ones for a node of `shape`.
    init(probability: Double, shape: [Int], dtype: DType) {
        self.probability = probability
        tensor = Tensor(zeros: shape, dtype: dtype)
        for index in 0..<tensor.count { tensor[flat: index] = 1 }
    }

    /// Draws a fresh mask (training) or sets it to ones (evaluation), straight into the
    /// tensor's storage.
    func refresh(training: Bool, random: inout RandomSource) {
        switch tensor.dtype {
        case .float32: draw(into: tensor.values(Float.self), training: training, random: &random)
        case .float64: draw(into: tensor.values(Double.self), training: training, random: &random)
        }
    }

    /// The values `refresh` would draw, drawn now from `random` in the same order.
    func drawn(training: Bool, random: inout RandomSource) -> [Double] {
        [Double](unsafeUninitializedCapacity: tensor.count) { buffer, count in
            draw(into: buffer.baseAddress!, training: training, random: &random)
            count = tensor.count
        }
    }

    /// The mask's rule, element by element in order: 1/(1 − p) kept or 0 dropped in training
    /// (one draw each), 1 in evaluation (no draw).
    private func draw<S: EngineScalar>(
        into values: UnsafeMutablePointer<S>, training: Bool, random: inout RandomSource
    ) {
        guard training else {
            values.initialize(repeating: 1, count: tensor.count)
            return
        }
        let keep = 1 - probability
        let kept = S(1 / keep)
        for index in 0..<tensor.count {
            (values + index).initialize(to: random.nextUniform() < keep ? kept : 0)
        }
    }
}

extension Tensor {
    /// This tensor times a dropout mask of its shape (ones until the plan draws it): the
    /// product and its mask.
    func multipliedByDropoutMask(probability: Double) throws(EngineError) -> (
        output: Tensor, mask: DropoutMask
    ) {
        let mask = DropoutMask(probability: probability, shape: shape, dtype: dtype)
        return (try self * mask.tensor, mask)
    }

    /// This tensor times a dropout mask, or this tensor itself and no mask when `probability`
    /// is 0, so a block without dropout has no extra nodes.
    func droppingOut(probability: Double) throws(EngineError) -> (output: Tensor, masks: [DropoutMask]) {
        guard probability > 0 else { return (self, []) }
        let (output, mask) = try multipliedByDropoutMask(probability: probability)
        return (output, [mask])
    }
}
