/// One token a language model drew: the window it read, the distribution it drew from, and
/// the token.
public struct SampledToken: Sendable, Equatable {
    /// The token ids the net read, oldest first.
    public let context: [Int]
    /// The probability of each token id (after temperature and top-k).
    public let probabilities: [Double]
    /// The id drawn.
    public let token: Int
}

extension Network {
    /// The logits z of the last dense layer for one input row, in evaluation mode.
    public func logits(for input: [Double]) throws(EngineError) -> [Double] {
        _ = try predict(input, rows: 1)
        guard let plan = lastPlan,
            let index = layers.lastIndex(where: { $0 is DenseLayer })
        else { return [] }
        return plan.traces[index].preActivation.scalars
    }

    /// Tokens drawn one at a time from a `tokens K` net: it reads the last K ids of `context`
    /// (which holds at least K), draws the next with `sampler`, appends it and slides on, until
    /// it draws `stop` (included) or has drawn `limit` tokens.
    public func sample(
        after context: [Int], sampler: TokenSampler, limit: Int, stop: Int?, random: inout RandomSource
    ) throws(EngineError) -> [SampledToken] {
        let width = spec.inputWidth
        guard spec.inputKind == .tokens, context.count >= width else {
            throw .dataMismatch(what: "context tokens", expected: width, got: context.count)
        }
        var window = Array(context.suffix(width))
        var drawn: [SampledToken] = []
        while drawn.count < limit {
            let probabilities = sampler.probabilities(logits: try logits(for: window.map(Double.init)))
            let token = sampler.draw(from: probabilities, random: &random)
            drawn.append(SampledToken(context: window, probabilities: probabilities, token: token))
            if token == stop { break }
            window.removeFirst()
            window.append(token)
        }
        return drawn
    }
}
