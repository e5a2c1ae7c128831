/// The optimizer a net trains with, as chosen by `optim` (the instance is made lazily).
public struct OptimizerChoice: Sendable, Equatable {
    public var name: String
    /// Option values as given, such as `lr` and `momentum`.
    public var settings: [String: Double]

    public var learningRate: Double { settings["lr"] ?? Self.defaultLearningRate(name) }

    static func defaultLearningRate(_ name: String) -> Double {
        switch name {
        case "adam", "adamw": return 0.001
        case "rmsprop": return 0.01
        default: return 0.1
        }
    }
}
