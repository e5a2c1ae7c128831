import Engine

/// One activation a net's layer can name, with its formula for help.
public struct ActivationEntry: Sendable {
    public var name: String
    /// Other names the engine's parser takes for it.
    public var aliases: [String]
    /// a as a function of z, on one line.
    public var formula: String
}

/// The activations `net` takes (the engine's `Activation(name:)` parses them), in help order.
public enum ActivationRegistry {
    public static let all: [ActivationEntry] = [
        ActivationEntry(name: "identity", aliases: ["linear"], formula: "a = z (also when none is named)"),
        ActivationEntry(name: "relu", aliases: [], formula: "a = max(0, z)"),
        ActivationEntry(name: "leaky_relu", aliases: [], formula: "a = z for z > 0, else 0.01·z"),
        ActivationEntry(name: "tanh", aliases: [], formula: "a = tanh z = (e^z − e^−z)/(e^z + e^−z)"),
        ActivationEntry(name: "sigmoid", aliases: [], formula: "a = 1/(1 + e^−z)"),
        ActivationEntry(
            name: "softmax", aliases: [], formula: "a_i = e^z_i / Σ_j e^z_j over each row (ce reads z)"),
        ActivationEntry(name: "gelu", aliases: [], formula: "a = z·Φ(z), Φ the standard normal CDF (exact)"),
    ]

    /// Every name and alias, for completion and "did you mean".
    public static let names = all.flatMap { [$0.name] + $0.aliases }
}
