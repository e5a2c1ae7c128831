/// The update of the classic rules: w ← w − η·g with the rule's gradients, worked in
/// Float64 whatever the tensors' dtype, with no state; frozen parameters are left alone.
public final class ClassicUpdate: Optimizer {
    /// η.
    public var learningRate: Double
    /// Always empty: the rule keeps no state.
    public var states = OptimizerStateTable()

    /// An update with rate η.
    public init(learningRate: Double) {
        self.learningRate = learningRate
    }

    public func explainUpdate(of parameter: Tensor) -> UpdateExplanation {
        UpdateExplanation(formula: ["w ← w − η·g"], scalars: [.named("η", learningRate)])
    }

    /// Applies w ← w − η·g to every parameter that has a gradient and is not frozen.
    public func step(_ parameters: [Tensor]) {
        for parameter in parameters where !parameter.isFrozen {
            guard let grad = parameter.grad else { continue }
            // Same count by construction, so the assignment cannot fail.
            try? parameter.assign(ClassicRule.descend(parameter.scalars, along: grad, rate: learningRate))
        }
    }
}
