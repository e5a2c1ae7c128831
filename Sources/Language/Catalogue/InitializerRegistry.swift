import Engine

/// One weight initialisation `net ... init=NAME` can choose, with the engine's initialiser.
public struct InitializerEntry: Sendable {
    public var name: String
    /// One line for help: the distributions of W (shape [in, out]) and b.
    public var meaning: String
    public var initializer: Initializer
}

/// Every initialisation `init=` offers, in help order, with the default first.
public enum InitializerRegistry {
    public static let all: [InitializerEntry] = [
        InitializerEntry(
            name: "default", meaning: "W and b ~ U(±1/√in), as PyTorch's nn.Linear",
            initializer: .pytorchDefault),
        InitializerEntry(
            name: "xavier", meaning: "W ~ U(±√(6/(in + out))), b = 0 (Glorot, xavier_uniform_)",
            initializer: .xavierUniform()),
        InitializerEntry(
            name: "xavier_normal", meaning: "W ~ N(0, std √(2/(in + out))), b = 0 (xavier_normal_)",
            initializer: .xavierNormal()),
        InitializerEntry(
            name: "he", meaning: "W ~ U(±√(6/in)), b = 0 (Kaiming for relu, kaiming_uniform_)",
            initializer: .heUniform),
        InitializerEntry(
            name: "he_normal", meaning: "W ~ N(0, std √(2/in)), b = 0 (kaiming_normal_)",
            initializer: .heNormal),
        InitializerEntry(name: "zeros", meaning: "W = 0, b = 0", initializer: .zeros),
    ]

    /// Every name, in help order.
    public static let names = all.map(\.name)

    /// The initialisation a net gets without `init=`; perceptron and adaline units start from zeros.
    public static let defaultName = "default"

    /// The initialisation called `name`, if there is one.
    public static func entry(named name: String) -> InitializerEntry? {
        all.first { $0.name == name }
    }
}
