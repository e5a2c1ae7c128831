/// One numeric option of a built-in data set (`n=200`, `noise=0.1`).
public struct DatasetOption: Sendable, Equatable {
    /// The option's name as typed.
    public let name: String
    /// The value used when the option is not given.
    public let defaultValue: Double
    /// The smallest value allowed.
    public let minimum: Double
    /// The largest value allowed, if any.
    public let maximum: Double?
    /// Whether only whole numbers are allowed (counts).
    public let isWholeNumber: Bool
    /// One line for help.
    public let summary: String

    static func count(_ name: String, default value: Int, minimum: Int, _ summary: String) -> DatasetOption {
        DatasetOption(
            name: name, defaultValue: Double(value), minimum: Double(minimum), maximum: nil,
            isWholeNumber: true,
            summary: summary)
    }

    static func real(_ name: String, default value: Double, maximum: Double? = nil, _ summary: String)
        -> DatasetOption
    {
        DatasetOption(
            name: name, defaultValue: value, minimum: 0, maximum: maximum, isWholeNumber: false,
            summary: summary)
    }
}

/// A built-in data set: its name, help text, options and how to make it.
public struct BuiltInDataset: Sendable {
    /// The name used in `data NAME`.
    public let name: String
    /// One line for help.
    public let summary: String
    /// The options it takes, in the order help lists them.
    public let options: [DatasetOption]
    /// Whether the seed changes the data (false for fixed tables like xor and iris).
    public let usesSeed: Bool
    private let build: @Sendable (_ values: [String: Double], _ seed: UInt64) throws(DataError) -> Dataset
    /// Examples and values per example (inputs and targets) for resolved option values.
    private let shape: @Sendable (_ values: [String: Double]) -> (examples: Int, values: Int)

    init(
        name: String, summary: String, options: [DatasetOption] = [], usesSeed: Bool,
        shape: @escaping @Sendable (_ values: [String: Double]) -> (examples: Int, values: Int),
        build: @escaping @Sendable (_ values: [String: Double], _ seed: UInt64) throws(DataError) -> Dataset
    ) {
        self.name = name
        self.summary = summary
        self.options = options
        self.usesSeed = usesSeed
        self.shape = shape
        self.build = build
    }

    /// The examples the data set would have with `values` overriding the defaults, and the values
    /// (inputs and targets) of each, known before it is made, so a caller can refuse
    /// `encoder n=524288` before it allocates. Values are read as given, unchecked.
    public func shape(options values: [String: Double] = [:]) -> (examples: Int, valuesPerExample: Int) {
        var resolved: [String: Double] = [:]
        for option in options {
            let value = values[option.name] ?? option.defaultValue
            resolved[option.name] = value.isFinite ? min(max(value, 0), 1e15) : option.defaultValue
        }
        let (examples, perExample) = shape(resolved)
        return (examples, perExample)
    }

    /// The data set with `values` overriding the defaults, after checking every value.
    public func make(options values: [String: Double] = [:], seed: UInt64) throws(DataError) -> Dataset {
        var resolved: [String: Double] = [:]
        for option in options { resolved[option.name] = option.defaultValue }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let option = options.first(where: { $0.name == key }) else {
                throw .unknownOption(dataset: name, option: key, valid: options.map(\.name))
            }
            guard value.isFinite, value >= option.minimum, value <= option.maximum ?? .infinity else {
                throw .optionOutOfRange(
                    dataset: name, option: key, value: value, minimum: option.minimum, maximum: option.maximum
                )
            }
            guard !option.isWholeNumber || value == value.rounded() else {
                throw .optionNotWhole(dataset: name, option: key, value: value)
            }
            resolved[key] = value
        }
        return try build(resolved, seed)
    }
}

/// The built-in data sets by name, for `data NAME option=value ...` and for help.
public enum DatasetRegistry {
    /// Every built-in data set, in the order help lists them.
    public static let builtIns: [BuiltInDataset] = booleanEntries + shapeEntries + realEntries

    /// The names of every built-in data set.
    public static var names: [String] { builtIns.map(\.name) }

    /// The built-in data set called `name`.
    public static func builtIn(named name: String) throws(DataError) -> BuiltInDataset {
        guard let entry = builtIns.first(where: { $0.name == name }) else {
            throw .unknownDataset(name: name, available: names)
        }
        return entry
    }

    /// Makes the built-in data set `name` with the given options and seed.
    public static func make(_ name: String, options: [String: Double] = [:], seed: UInt64) throws(DataError)
        -> Dataset
    {
        try builtIn(named: name).make(options: options, seed: seed)
    }

    private static let booleanEntries: [BuiltInDataset] = BooleanFunction.allCases.map { function in
        BuiltInDataset(
            name: function.rawValue,
            summary: "the four points of \(function.rawValue.uppercased()) on {0,1}², targets 0/1",
            usesSeed: false, shape: { _ in (4, 3) }
        ) { _, _ in DatasetGenerators.boolean(function) }
    }

    private static let shapeEntries: [BuiltInDataset] = [
        BuiltInDataset(
            name: "circles", summary: "two concentric circles, outer class 0 and inner class 1",
            options: [
                .count("n", default: 200, minimum: 2, "number of points"),
                .real("noise", default: 0.05, "standard deviation of Gaussian noise"),
                .real("factor", default: 0.5, maximum: 1, "inner radius relative to the outer one"),
            ], usesSeed: true, shape: { (Int($0["n"]!), 3) }
        ) { values, seed in
            DatasetGenerators.circles(
                count: Int(values["n"]!), noise: values["noise"]!, factor: values["factor"]!, seed: seed)
        },
        BuiltInDataset(
            name: "moons", summary: "two interleaving half circles",
            options: [
                .count("n", default: 200, minimum: 2, "number of points"),
                .real("noise", default: 0.1, "standard deviation of Gaussian noise"),
            ], usesSeed: true, shape: { (Int($0["n"]!), 3) }
        ) { values, seed in
            DatasetGenerators.moons(count: Int(values["n"]!), noise: values["noise"]!, seed: seed)
        },
        BuiltInDataset(
            name: "spiral", summary: "Lang and Witbrock's two spirals: 194 points, three turns each",
            options: [
                .real("noise", default: 0, "standard deviation of Gaussian noise (0: the original points)")
            ],
            usesSeed: true, shape: { _ in (194, 3) }
        ) { values, seed in
            DatasetGenerators.twoSpirals(noise: values["noise"]!, seed: seed)
        },
        BuiltInDataset(
            name: "blobs", summary: "Gaussian clusters around random centres, one class each",
            options: [
                .count("n", default: 200, minimum: 2, "number of points"),
                .count("centers", default: 3, minimum: 2, "number of clusters (classes)"),
                .real("std", default: 1, "standard deviation of each cluster"),
                .count("features", default: 2, minimum: 1, "number of input dimensions"),
            ], usesSeed: true, shape: { (Int($0["n"]!), Int($0["features"]!) + 1) }
        ) { values, seed throws(DataError) in
            let count = Int(values["n"]!)
            let centers = Int(values["centers"]!)
            guard count >= centers else {
                throw .tooFewExamples(dataset: "blobs", count: count, minimum: centers)
            }
            return DatasetGenerators.blobs(
                count: count, centers: centers, std: values["std"]!, features: Int(values["features"]!),
                seed: seed)
        },
        BuiltInDataset(
            name: "sine", summary: "regression of y = sin(x) + noise for x in [-π, π)",
            options: [
                .count("n", default: 100, minimum: 1, "number of points"),
                .real("noise", default: 0.1, "standard deviation of Gaussian noise on y"),
            ], usesSeed: true, shape: { (Int($0["n"]!), 2) }
        ) { values, seed in
            DatasetGenerators.sine(count: Int(values["n"]!), noise: values["noise"]!, seed: seed)
        },
        BuiltInDataset(
            name: "linear", summary: "regression of y = w·x + b + noise with random true w and b",
            options: [
                .count("n", default: 100, minimum: 1, "number of points"),
                .count("features", default: 1, minimum: 1, "number of inputs"),
                .real("noise", default: 0.1, "standard deviation of Gaussian noise on y"),
            ], usesSeed: true, shape: { (Int($0["n"]!), Int($0["features"]!) + 1) }
        ) { values, seed in
            DatasetGenerators.linear(
                count: Int(values["n"]!), features: Int(values["features"]!), noise: values["noise"]!,
                seed: seed)
        },
        BuiltInDataset(
            name: "encoder", summary: "the n-log2(n)-n encoder problem: reproduce n one-hot patterns",
            options: [.count("n", default: 8, minimum: 2, "number of patterns, a power of two")],
            // n one-hot inputs and the pattern's index as its class.
            usesSeed: false, shape: { (Int($0["n"]!), Int($0["n"]!) + 1) }
        ) { values, _ throws(DataError) in
            try DatasetGenerators.encoder(size: Int(values["n"]!))
        },
    ]

    private static let realEntries: [BuiltInDataset] = [
        BuiltInDataset(
            name: "iris", summary: "Fisher's iris: 150 flowers, 4 measurements, 3 species", usesSeed: false,
            shape: { _ in (150, 5) }
        ) { _, _ throws(DataError) in try DatasetGenerators.bundled(.iris) },
        BuiltInDataset(
            name: "digits", summary: "UCI handwritten digits: 1797 images of 8x8 pixel counts, 10 classes",
            usesSeed: false, shape: { _ in (1797, 65) }
        ) { _, _ throws(DataError) in try DatasetGenerators.bundled(.digits) },
    ]
}
