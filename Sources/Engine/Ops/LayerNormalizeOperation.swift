/// Each row normalised to mean 0 and variance 1 over the last axis, x̂ = (x − μ)/√(σ² + ε)
/// with the biased variance, as `nn.LayerNorm` computes before its gain and shift. One node
/// instead of the seven of its formula, and its backward in closed form:
///
///     ∂x = (∂x̂ − mean(∂x̂) − x̂ · mean(∂x̂ · x̂)) / √(σ² + ε)
///
/// Each row's 1/√(σ² + ε) of the last forward is kept for the backward.
struct LayerNormalizeOperation: ScalarOperation {
    let width: Int
    let epsilon: Double
    /// 1/√(σ² + ε) of each row, from the last forward.
    let inverseDeviations: TensorBuffer

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let y = node.values(S.self)
        let inverse = inverseDeviations.pointer(S.self)
        let n = S(width)
        let epsilon = S(epsilon)
        for row in 0..<inverseDeviations.count {
            let source = x + row * width
            let target = y + row * width
            var sum: S = 0
            for j in 0..<width { sum += source[j] }
            let mean = sum / n
            var squares: S = 0
            for j in 0..<width {
                let centered = source[j] - mean
                target[j] = centered
                squares += centered * centered
            }
            let scale = 1 / (squares / n + epsilon).squareRoot()
            inverse[row] = scale
            for j in 0..<width { target[j] *= scale }
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let normalised = node.values(S.self)
        let dy = node.gradients(S.self)
        let dx = input.gradients(S.self)
        let inverse = inverseDeviations.pointer(S.self)
        let n = S(width)
        for row in 0..<inverseDeviations.count {
            let xhat = normalised + row * width
            let g = dy + row * width
            let target = dx + row * width
            var sum: S = 0
            var dot: S = 0
            for j in 0..<width {
                sum += g[j]
                dot += g[j] * xhat[j]
            }
            let meanGradient = sum / n
            let meanDot = dot / n
            let scale = inverse[row]
            for j in 0..<width { target[j] += (g[j] - meanGradient - xhat[j] * meanDot) * scale }
        }
    }
}

extension Tensor {
    /// Each row of this `[rows, width]` tensor normalised over its last axis (layer norm
    /// without its gain and shift), with `epsilon` added to the variance.
    public func layerNormalized(epsilon: Double = 1e-5) throws(EngineError) -> Tensor {
        guard rank == 2, shape[1] > 0 else {
            throw .invalidShape(operation: "layernorm", shape: shape, expected: "[rows, width]")
        }
        let operation = LayerNormalizeOperation(
            width: shape[1], epsilon: epsilon, inverseDeviations: TensorBuffer(dtype: dtype, count: shape[0]))
        return Tensor(computedBy: operation, inputs: [self], shape: shape)
    }
}
