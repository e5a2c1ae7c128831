/// One number per training step (the global gradient norm), kept for every step until
/// `capacity` points, then downsampled so that a run of any length costs a bounded amount of
/// memory.
///
/// When full, neighbouring points merge in pairs into the larger of the two, at the later
/// step, and each point then covers twice as many steps: a norm is watched for its spikes, so
/// a merged point keeps the spike rather than averaging it away.
public struct StepSeries: Sendable, Equatable {
    /// Points kept before downsampling starts; even, so points merge in pairs.
    public static let defaultCapacity = 4096

    /// The steps of the points, increasing.
    public private(set) var steps: [Int] = []
    /// The values, one a point.
    public private(set) var values: [Double] = []
    /// The most points kept.
    public let capacity: Int
    /// Steps per point: 1, then doubling at each downsampling.
    public private(set) var stepsPerPoint = 1
    /// Steps added to the last point since it was started.
    private var filling = 0

    public init(capacity: Int = StepSeries.defaultCapacity) {
        self.capacity = max(2, capacity + capacity % 2)
    }

    /// Whether points have been merged, so a point may stand for several steps.
    public var isDownsampled: Bool { stepsPerPoint > 1 }

    /// Adds the value of `step`, which follows the steps added before.
    mutating func append(step: Int, value: Double) {
        if filling > 0, filling < stepsPerPoint, let last = values.last {
            values[values.count - 1] = Self.larger(last, value)
            steps[steps.count - 1] = step
            filling += 1
            return
        }
        if values.count == capacity {
            values = stride(from: 0, to: values.count, by: 2).map { Self.larger(values[$0], values[$0 + 1]) }
            steps = stride(from: 1, to: steps.count, by: 2).map { steps[$0] }
            stepsPerPoint *= 2
        }
        values.append(value)
        steps.append(step)
        filling = 1
    }

    /// The larger of two values, a NaN counting as the largest (it is what one looks for).
    private static func larger(_ a: Double, _ b: Double) -> Double {
        a.isNaN || b.isNaN ? .nan : max(a, b)
    }
}
