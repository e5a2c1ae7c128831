/// GPT-2's initialisation, as nanoGPT applies it: every weight of a transformer module from
/// N(0, 0.02²), biases zero, and the projections back into the residual stream (attention's
/// and the MLP's output maps) from N(0, (0.02/√(2L))²) for L blocks, so the stream's variance
/// does not grow with depth.
enum TransformerInitialization {
    /// Every entry of `tensor` from N(0, standardDeviation²), in row-major order.
    static func fillNormal(_ tensor: Tensor, standardDeviation: Double, random: inout RandomSource) {
        for index in 0..<tensor.count { tensor[flat: index] = random.nextNormal() * standardDeviation }
    }

    /// A dense map's weight from N(0, standardDeviation²) and its bias zero.
    static func fill(_ layer: DenseLayer, standardDeviation: Double, random: inout RandomSource) {
        fillNormal(layer.weight, standardDeviation: standardDeviation, random: &random)
        for index in 0..<layer.bias.count { layer.bias[flat: index] = 0 }
    }

    /// The standard deviation of the residual projections in a net of `blocks` blocks.
    static func residualStandardDeviation(blocks: Int) -> Double {
        0.02 / (2 * Double(max(blocks, 1))).squareRoot()
    }
}
