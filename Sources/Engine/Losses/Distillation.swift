/// Knowledge distillation (Hinton, Vinyals and Dean 2015): the student learns from a teacher's
/// softened outputs as well as from the labels,
///
///     loss = α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE(s, y)
///
/// with s and t the student's and the teacher's logits, T the temperature and the KL summed
/// over classes and averaged over rows (PyTorch's `F.kl_div(F.log_softmax(s/T),
/// F.softmax(t/T), reduction='batchmean')`; summed over rows under a summed loss, as the CE
/// then is). T² keeps the soft term's gradients on the scale of the hard term's as T grows.
/// The teacher runs in evaluation mode and receives no gradient.
public struct Distillation {
    /// The net whose outputs are the soft targets.
    public let teacher: Network
    /// T, at least 1 in use (1 is plain softmax).
    public let temperature: Double
    /// α, the weight of the soft term, from 0 to 1.
    public let alpha: Double

    public init(teacher: Network, temperature: Double, alpha: Double) {
        self.teacher = teacher
        self.temperature = temperature
        self.alpha = alpha
    }
}

/// The distillation loss built on one plan of the student: the teacher's soft targets as a
/// leaf, their constant Σ p·log p, and the combined loss node with its own graph, which
/// recomputes the student's pass and then the loss.
final class DistillationObjective {
    let plan: TrainingPlan
    /// softmax(t/T) per row, [rows, classes].
    let softTargets: Tensor
    /// Σ p·log p over the batch (0·log 0 = 0), so the KL's value is PyTorch's, not only its gradient.
    let negativeEntropy: Tensor
    let lossNode: Tensor
    let graph: Graph
    private let distillation: Distillation
    private let teacherPlan: TrainingPlan

    init(plan: TrainingPlan, distillation: Distillation) throws(EngineError) {
        self.plan = plan
        self.distillation = distillation
        let logits = plan.logits
        let shape = logits.shape
        softTargets = Tensor(zeros: shape, dtype: logits.dtype, name: "soft targets")
        negativeEntropy = Tensor(scalar: 0, dtype: logits.dtype)
        teacherPlan = try distillation.teacher.plan(batchSize: plan.batchSize, loss: Loss(.mse))
        guard teacherPlan.logits.shape == shape else {
            throw .shapeMismatch(operation: "distillation", left: shape, right: teacherPlan.logits.shape)
        }
        let temperature = distillation.temperature
        let alpha = distillation.alpha
        let logQ = try (logits * (1 / temperature)).logSoftmax()
        let cross = try (softTargets * logQ).sum()
        let rows = plan.loss.reduction == .mean ? Double(plan.batchSize) : 1
        let divergence = try (negativeEntropy - cross) * (1 / rows)
        lossNode = try divergence * (alpha * temperature * temperature) + plan.lossNode * (1 - alpha)
        graph = Graph(output: lossNode, alsoComputing: [plan.output])
    }

    /// Runs the teacher on the plan's inputs, in evaluation mode, into the soft targets.
    func loadSoftTargets() {
        let inputs = plan.inputs
        let teacherInputs = teacherPlan.inputs
        for index in 0..<inputs.count { teacherInputs[flat: index] = inputs[flat: index] }
        let teacher = distillation.teacher
        teacherPlan.runForward(training: false, random: &teacher.random)
        let logits = teacherPlan.logits
        let temperature = distillation.temperature
        let classes = logits.shape[1]
        var entropyTerm = 0.0
        for row in 0..<plan.batchSize {
            var largest = -Double.infinity
            for column in 0..<classes { largest = max(largest, logits[row, column] / temperature) }
            var total = 0.0
            for column in 0..<classes {
                total += Double.exponential(logits[row, column] / temperature - largest)
            }
            for column in 0..<classes {
                let p = Double.exponential(logits[row, column] / temperature - largest) / total
                softTargets[row, column] = p
                // The target as the leaf holds it, so the constant matches what the KL reads.
                let held = softTargets[row, column]
                if held > 0 { entropyTerm += held * Double.logarithm(held) }
            }
        }
        negativeEntropy[flat: 0] = entropyTerm
    }
}
