/// The activation that follows a dense layer's affine map.
public enum Activation: Sendable, Equatable, CustomStringConvertible {
    case identity
    case relu
    case leakyRelu(slope: Double)
    case tanh
    case sigmoid
    /// Softmax over the last axis; with the `ce` loss the loss reads the logits z.
    case softmax
    /// Exact GELU.
    case gelu

    /// The names the spec parser accepts, for "did you mean" suggestions.
    public static let names = [
        "identity", "linear", "relu", "leaky_relu", "tanh", "sigmoid", "softmax", "gelu",
    ]

    /// Parses an activation name (`leaky_relu` takes slope 0.01, or `leaky_relu(0.2)`).
    public init?(name: String) {
        let lower = name.lowercased()
        switch lower {
        case "identity", "linear", "none": self = .identity
        case "relu": self = .relu
        case "leaky_relu", "leakyrelu", "lrelu": self = .leakyRelu(slope: 0.01)
        case "tanh": self = .tanh
        case "sigmoid", "logistic": self = .sigmoid
        case "softmax": self = .softmax
        case "gelu": self = .gelu
        default:
            for prefix in ["leaky_relu(", "leakyrelu("] where lower.hasPrefix(prefix) && lower.hasSuffix(")")
            {
                if let slope = Double(lower.dropFirst(prefix.count).dropLast()) {
                    self = .leakyRelu(slope: slope)
                    return
                }
            }
            return nil
        }
    }

    /// The canonical spec name.
    public var description: String {
        switch self {
        case .identity: "identity"
        case .relu: "relu"
        case .leakyRelu(let slope): slope == 0.01 ? "leaky_relu" : "leaky_relu(\(slope))"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .softmax: "softmax"
        case .gelu: "gelu"
        }
    }

    /// Applies the activation as graph nodes.
    func apply(to z: Tensor) throws(EngineError) -> Tensor {
        switch self {
        case .identity: z
        case .relu: z.relu()
        case .leakyRelu(let slope): z.leakyRelu(slope: slope)
        case .tanh: z.tanh()
        case .sigmoid: z.sigmoid()
        case .softmax: try z.softmax()
        case .gelu: z.gelu()
        }
    }
}
