/// The three two-input truth tables.
public enum BooleanFunction: String, Sendable, CaseIterable {
    case xor, and, or

    func value(_ a: Bool, _ b: Bool) -> Bool {
        switch self {
        case .xor: a != b
        case .and: a && b
        case .or: a || b
        }
    }
}

extension DatasetGenerators {
    /// The four points (0,0), (0,1), (1,0), (1,1) in that order with the function's 0/1 value.
    public static func boolean(_ function: BooleanFunction) -> Dataset {
        let points: [(Bool, Bool)] = [(false, false), (false, true), (true, false), (true, true)]
        return assemble(
            name: function.rawValue,
            inputs: points.flatMap { [$0.0 ? 1.0 : 0.0, $0.1 ? 1.0 : 0.0] },
            targets: points.map { function.value($0.0, $0.1) ? 1.0 : 0.0 },
            featureNames: ["x1", "x2"], classNames: ["0", "1"], task: .binary, source: function.rawValue)
    }
}
