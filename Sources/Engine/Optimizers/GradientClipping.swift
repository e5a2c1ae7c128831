/// The global L2 norm of the gradients of the `parameters` that train: a frozen one is left out,
/// as PyTorch leaves out a parameter with `requires_grad=False`, which has no gradient.
public func gradientNorm(_ parameters: [Tensor]) -> Double {
    var total = 0.0
    for parameter in parameters where !parameter.isFrozen {
        guard let g = parameter.gradStorage else { continue }
        for index in 0..<g.count {
            let value = g.element(index)
            total += value * value
        }
    }
    return total.squareRoot()
}

/// Scales the gradients of the parameters that train so their global norm is at most `maxNorm`,
/// as torch.nn.utils.clip_grad_norm_ over a model's parameters (factor maxNorm/(norm + 1e-6)
/// when below 1); frozen ones are neither counted nor scaled. Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Double) -> Double {
    let norm = gradientNorm(parameters)
    let factor = maxNorm / (norm + 1e-6)
    guard factor < 1 else { return norm }
    for parameter in parameters where !parameter.isFrozen {
        guard let g = parameter.gradStorage else { continue }
        for index in 0..<g.count { g.setElement(index, g.element(index) * factor) }
    }
    return norm
}
