import Engine

/// The rule a net learns by: backprop through an optimizer, or one of the engine's classic
/// single-unit rules.
public enum LearningRule: String, Sendable {
    case backprop
    /// Rosenblatt's rule, `ClassicRule.perceptron`.
    case perceptron
    /// Widrow-Hoff's rule, `ClassicRule.lms`.
    case lms

    /// The engine's classic rule, or nil for backprop.
    public var classic: ClassicRule? {
        switch self {
        case .backprop: return nil
        case .perceptron: return .perceptron
        case .lms: return .lms
        }
    }
}
