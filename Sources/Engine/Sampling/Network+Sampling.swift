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
    /// The logits z of the output layer for one input row, in evaluation mode; for a sequence
    /// model those of every position, one row of the vocabulary's width after another.
    public func logits(for input: [Double]) throws(EngineError) -> [Double] {
        _ = try predict(input, rows: 1)
        guard let plan = lastPlan, let index = outputMap?.index else { return [] }
        return plan.traces[index].preActivation.scalars
    }

    /// Tokens drawn one at a time from a `tokens K` net: it reads the last K ids of `context`
    /// (which holds at least K, or for a sequence model at least 1), draws the next with
    /// `sampler`, appends it and slides on, until it draws `stop` (included) or has drawn `limit`
    /// tokens.
    ///
    /// A sequence model reads a shorter window as nanoGPT's `generate` does, from the logits at
    /// its last token: the window fills the first positions and the rest are padded with id 0,
    /// which the causal mask keeps every earlier position from seeing, so the logits are exactly
    /// those of the shorter sequence.
    public func sample(
        after context: [Int], sampler: TokenSampler, limit: Int, stop: Int?, random: inout RandomSource
    ) throws(EngineError) -> [SampledToken] {
        let width = spec.inputWidth
        let minimum = spec.isSequenceModel ? 1 : width
        guard spec.inputKind == .tokens, context.count >= minimum else {
            throw .dataMismatch(what: "context tokens", expected: minimum, got: context.count)
        }
        var window = Array(context.suffix(width))
        var drawn: [SampledToken] = []
        while drawn.count < limit {
            let probabilities = sampler.probabilities(logits: try nextTokenLogits(after: window))
            let token = sampler.draw(from: probabilities, random: &random)
            drawn.append(SampledToken(context: window, probabilities: probabilities, token: token))
            if token == stop { break }
            if window.count == width { window.removeFirst() }
            window.append(token)
        }
        return drawn
    }

    /// The logits for the token after `window` (at most K ids; exactly K unless a sequence model).
    func nextTokenLogits(after window: [Int]) throws(EngineError) -> [Double] {
        guard spec.isSequenceModel else { return try logits(for: window.map(Double.init)) }
        let padded = window.map(Double.init) + [Double](repeating: 0, count: spec.inputWidth - window.count)
        let all = try logits(for: padded)
        let vocabulary = spec.outputWidth
        let last = window.count - 1
        return Array(all[(last * vocabulary)..<((last + 1) * vocabulary)])
    }
}
