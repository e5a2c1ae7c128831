/// One layer's values in a pass, copied out of the plan: the plan is re-run in place by the
/// next pass on the same batch size, so a view that read it would show other numbers than
/// the step it claims to show.
public struct LayerValues: Sendable, Equatable {
    /// The layer's name, such as `L1`.
    public let layer: String
    public let input: [Double]
    public let inputShape: [Int]
    /// z for a dense layer; the output itself for the others.
    public let preActivation: [Double]
    /// a, the layer's output.
    public let output: [Double]
    /// The shape of z and a.
    public let shape: [Int]
    /// δ = ∂loss/∂z, when the pass was backpropagated.
    public let delta: [Double]?
    /// For an attention layer or block, its first example's attention.
    public let attention: AttentionValues?
}

/// One example's attention in one layer, copied out: each head's weights and, after a
/// backward, the gradient of the loss with respect to its scores q·k/√d.
public struct AttentionValues: Sendable, Equatable {
    /// Per head, T rows of T weights (row i over the positions 0…i).
    public let weights: [[[Double]]]
    /// Per head, ∂loss/∂score in the same layout, when the pass was backpropagated.
    public let scoreGradients: [[[Double]]]?

    init(_ attention: AttentionWeights, backpropagated: Bool) {
        weights = (0..<attention.heads).map { attention.matrix(sequence: 0, head: $0) }
        scoreGradients =
            backpropagated
            ? (0..<attention.heads).map { attention.matrix(sequence: 0, head: $0, of: attention.scratch) }
            : nil
    }
}

/// A forward pass on one batch, and its backward when it had one.
public struct PassTrace: Sendable, Equatable {
    /// Whether the pass ran in training mode (dropout active) or evaluation mode.
    public let training: Bool
    public let rows: Int
    public let layers: [LayerValues]

    /// The values of `plan`'s last run; deltas only if it was backpropagated.
    init(plan: TrainingPlan, network: Network, training: Bool, backpropagated: Bool) {
        self.training = training
        rows = plan.batchSize
        layers = zip(network.layers, plan.traces).map { layer, trace in
            LayerValues(
                layer: layer.name, input: trace.input.scalars, inputShape: trace.input.shape,
                preActivation: trace.preActivation.scalars, output: trace.output.scalars,
                shape: trace.output.shape, delta: backpropagated ? trace.delta : nil,
                attention: trace.attention.map { AttentionValues($0, backpropagated: backpropagated) })
        }
    }
}

/// What one parameter went through in a step.
public struct ParameterStep: Sendable, Equatable {
    /// The parameter's name, such as `L1.W`.
    public let name: String
    public let shape: [Int]
    public let before: [Double]
    /// The gradient the optimizer read (after clipping); nil when none reached it.
    public let gradient: [Double]?
    public let after: [Double]
    public let frozen: Bool
    /// The optimizer's rule and state for it; nil when it was not updated.
    public let update: UpdateExplanation?
}

/// The update half of a step, explained: the rate the schedule gave, the gradient's norm and
/// clipping, and each parameter before and after the optimizer's update. Made by the step
/// (inside a `StepTrace`) and by `Trainer.explainedUpdate`, the `update` command's half.
public struct UpdateTrace: Sendable, Equatable {
    /// The global gradient norm before clipping, when clipping was asked for.
    public let gradientNorm: Double?
    /// The factor clipping scaled the gradients by (1 when they were within the norm).
    public let clipScale: Double?
    /// The base learning rate of the update (a parameter's own rate is in its explanation).
    public let learningRate: Double
    public let parameters: [ParameterStep]
}

/// One training step, explained: the forward pass with its deltas, the loss, and the update.
/// Made by `Trainer.explainedStep`, the same step `Trainer.run` takes.
public struct StepTrace: Sendable, Equatable {
    public let pass: PassTrace
    public let loss: Double
    public let update: UpdateTrace
    /// Each dense layer's health after the step (norms, update ratio, dead and saturated
    /// units); empty unless the trainer's `metricsLevel` is `.full`.
    public let layers: [LayerMetrics]
}

extension Network {
    /// The values of the last pass that ran (a forward, a step), copied out; nil before any.
    /// `training` and `backpropagated` say how it ran, which the plan itself does not keep.
    public func lastPass(training: Bool, backpropagated: Bool) -> PassTrace? {
        lastPlan.map {
            PassTrace(plan: $0, network: self, training: training, backpropagated: backpropagated)
        }
    }

    /// Whether a layer behaves differently in training and evaluation mode (dropout).
    public var hasModeDependentLayers: Bool { layers.contains(where: \.isModeDependent) }
}
