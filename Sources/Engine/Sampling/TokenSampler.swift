import Foundation

/// How a language model's next token is drawn from its logits z: softmax(z / T) over the
/// `topK` most likely tokens (all when nil), or at temperature 0 the most likely one
/// (greedy decoding; the lowest id wins a tie).
public struct TokenSampler: Sendable, Equatable {
    /// Divides the logits: below 1 sharpens the distribution, above 1 flattens it, 0 is greedy.
    public var temperature: Double
    /// Only the k most likely tokens may be drawn, when set.
    public var topK: Int?

    public init(temperature: Double = 1, topK: Int? = nil) {
        self.temperature = temperature
        self.topK = topK
    }

    /// The distribution the next token is drawn from: zero outside the top k, all mass on
    /// the argmax at temperature 0.
    public func probabilities(logits: [Double]) -> [Double] {
        guard !logits.isEmpty else { return [] }
        let ranked = logits.indices.sorted {
            logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1)
        }
        let kept = Array(ranked.prefix(min(topK ?? logits.count, logits.count)))
        var result = [Double](repeating: 0, count: logits.count)
        if temperature == 0 {
            result[kept[0]] = 1
            return result
        }
        // Shifted by the largest logit so exp cannot overflow, as a stable softmax is.
        let largest = logits[kept[0]]
        var total = 0.0
        for index in kept {
            let weight = Foundation.exp((logits[index] - largest) / temperature)
            result[index] = weight
            total += weight
        }
        for index in kept { result[index] /= total }
        return result
    }

    /// A token drawn from `probabilities` with one uniform draw from `random` (inverse CDF, ids
    /// in order), so a seed gives the same tokens on every machine.
    public func draw(from probabilities: [Double], random: inout RandomSource) -> Int {
        let u = random.nextUniform()
        var cumulative = 0.0
        var last = 0
        for (index, p) in probabilities.enumerated() where p > 0 {
            cumulative += p
            last = index
            if u < cumulative { return index }
        }
        return last
    }
}
