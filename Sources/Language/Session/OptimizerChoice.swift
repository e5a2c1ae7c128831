import Engine

/// The optimizer a net trains with, as chosen by `optim` (the instance is made lazily). Every
/// value it runs with comes from the options given or else from its `OptimizerRegistry` entry.
public struct OptimizerChoice: Sendable, Equatable {
    public var name: String
    /// Option values as given, such as `lr` and `momentum` (flags as 1 or 0).
    public var settings: [String: Double]

    /// Its registry entry; `optim` and `net` choose only registered names.
    public var entry: OptimizerEntry {
        guard let entry = OptimizerRegistry.entry(named: name) else {
            preconditionFailure("optimizer '\(name)' is not in the registry")
        }
        return entry
    }

    /// The value `option` runs with: as given, or the entry's default.
    public func value(of option: String) -> Double {
        if let given = settings[option] { return given }
        guard let declared = entry.option(option) else {
            preconditionFailure("optimizer '\(name)' declares no option '\(option)'")
        }
        return declared.defaultValue
    }

    /// A `true|false` option's value.
    public func flag(_ option: String) -> Bool { value(of: option) != 0 }

    public var learningRate: Double { value(of: "lr") }

    /// Every option the optimizer reads with the value it runs with, in the entry's order, and
    /// whether it was given (rather than defaulted).
    public var effectiveSettings: [(option: OptimizerEntry.Option, value: Double, isGiven: Bool)] {
        entry.options.map { ($0, value(of: $0.name), settings[$0.name] != nil) }
    }

    /// A new engine optimizer with these values and no state.
    func makeOptimizer() -> any Optimizer { entry.make(self) }

    /// Buffers shaped like each parameter that the optimizer keeps (momentum, moments), as the
    /// engine's optimizers allocate them by their first update.
    var stateBuffers: Int { entry.stateBuffers(self) }
}
