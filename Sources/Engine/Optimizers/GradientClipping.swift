/// The global L2 norm of the gradients of `parameters` (those that have one).
public func gradientNorm(_ parameters: [Tensor]) -> Double {
    var total = 0.0
    for parameter in parameters {
        guard let g = parameter.gradStorage else { continue }
        for index in 0..<g.count {
            let value = g.element(index)
            total += value * value
        }
    }
    return total.squareRoot()
}

/// Scales all gradients so their global norm is at most `maxNorm`, as
/// torch.nn.utils.clip_grad_norm_ (factor maxNorm/(norm + 1e-6) when below 1).
/// Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Double) -> Double {
    let norm = gradientNorm(parameters)
    let factor = maxNorm / (norm + 1e-6)
    guard factor < 1 else { return norm }
    for parameter in parameters {
        guard let g = parameter.gradStorage else { continue }
        for index in 0..<g.count { g.setElement(index, g.element(index) * factor) }
    }
    return norm
}
