/// How an optimizer changed one parameter, for the `step` and `update` views: its rule in
/// its own symbols, the scalars of this step and the state it keeps (copied out, so later
/// steps cannot change what was shown).
public struct UpdateExplanation: Sendable, Equatable {
    /// A named number this step used, such as `t` or `1 − β₁ᵗ`.
    public struct Scalar: Sendable, Equatable {
        public let name: String
        public let value: Double

        /// The scalar `name` with `value`.
        static func named(_ name: String, _ value: Double) -> Scalar { Scalar(name: name, value: value) }
    }

    /// A named state buffer shaped like the parameter, such as `m` or the momentum buffer `b`.
    public struct Buffer: Sendable, Equatable {
        public let name: String
        public let values: [Double]
    }

    /// The rule, one formula a line, with g the gradient and θ the parameter.
    public var formula: [String]
    public var scalars: [Scalar]
    /// The buffers after the update.
    public var buffers: [Buffer]

    public init(formula: [String], scalars: [Scalar] = [], buffers: [Buffer] = []) {
        self.formula = formula
        self.scalars = scalars
        self.buffers = buffers
    }

    /// Buffer `index` of `state` as `name`, when the optimizer made it.
    static func buffer(_ name: String, _ index: Int, of state: OptimizerState?) -> [Buffer] {
        guard let values = state?.bufferValues(index) else { return [] }
        return [Buffer(name: name, values: values)]
    }

    /// `g ← g + λθ` when there is weight decay λ.
    static func decayLine(_ weightDecay: Double) -> [String] {
        weightDecay == 0 ? [] : ["g ← g + λ·θ   (weight_decay λ)"]
    }
}
