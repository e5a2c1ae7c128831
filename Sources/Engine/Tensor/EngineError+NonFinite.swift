/// Where a `nonFinite` error found its NaN or infinity. The error keeps the tensor as the one
/// string it has always carried (`z`, `L1.W`, `grad L1.W`, `L1.W after the update`); these
/// constructors write that string and `nonFiniteSite` reads it back, so its form lives here
/// alone and a caller switches on the site instead of matching text.
extension EngineError {
    public enum NonFiniteSite: Sendable, Equatable {
        /// A layer's value (`z`, `a`) or a parameter before the update.
        case value(tensor: String)
        /// A parameter's gradient.
        case gradient(parameter: String)
        /// A parameter the update itself made non-finite (a finite gradient times a huge rate).
        case update(parameter: String)
    }

    private static let gradientPrefix = "grad "
    private static let updateSuffix = " after the update"

    /// A gradient of `parameter` in `layer` that holds NaN or infinity.
    static func nonFiniteGradient(of parameter: String, layer: String, step: Int) -> EngineError {
        .nonFinite(layer: layer, tensor: gradientPrefix + parameter, step: step)
    }

    /// A parameter of `layer` that the update made non-finite.
    static func nonFiniteUpdate(of parameter: String, layer: String, step: Int) -> EngineError {
        .nonFinite(layer: layer, tensor: parameter + updateSuffix, step: step)
    }

    /// The site of a `nonFinite` error; nil for any other error.
    public var nonFiniteSite: NonFiniteSite? {
        guard case .nonFinite(_, let tensor, _) = self else { return nil }
        if tensor.hasPrefix(Self.gradientPrefix) {
            return .gradient(parameter: String(tensor.dropFirst(Self.gradientPrefix.count)))
        }
        if tensor.hasSuffix(Self.updateSuffix) {
            return .update(parameter: String(tensor.dropLast(Self.updateSuffix.count)))
        }
        return .value(tensor: tensor)
    }
}
