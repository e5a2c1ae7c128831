import Foundation

/// The engine's own seedable random generator, so a seed gives the same run on
/// every machine and every Swift version.
///
/// The generator is xoshiro256** (Blackman and Vigna, 2018), seeded by running
/// SplitMix64 from the 64-bit seed to fill its 256-bit state. Uniform doubles take
/// the top 53 bits of one output; normals use the Box-Muller transform, one pair
/// per two calls (the second value is kept for the next call).
public struct RandomSource: Sendable, RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
        spareNormal = nil
    }

    /// The 256-bit state s0, s1, s2, s3, for a bridge that goes on with the same sequence
    /// elsewhere (`train_ddp.py` draws the next epochs' orders from it). A kept Box-Muller spare
    /// is not part of it: only uniform draws continue the same.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    public mutating func nextUniform(in low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// A standard normal sample (mean 0, standard deviation 1) by Box-Muller.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - nextUniform()
        let u2 = nextUniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// A normal sample with the given mean and standard deviation.
    public mutating func nextNormal(mean: Double, std: Double) -> Double {
        mean + std * nextNormal()
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire's method).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next(upperBound: UInt64(bound)))
    }

    /// The indices 0..<count in a random order (Fisher-Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                order.swapAt(i, nextIndex(below: i + 1))
            }
        }
        return order
    }

    private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
