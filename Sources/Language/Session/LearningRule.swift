/// The rule a net learns by: backprop through an optimizer, or a classic single-unit rule.
public enum LearningRule: String, Sendable {
    case backprop
    /// Rosenblatt: w ← w + η (t − step(z)) x.
    case perceptron
    /// Widrow-Hoff (LMS): w ← w + η (t − z) x.
    case lms
}
