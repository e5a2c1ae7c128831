/// Per-worker memory for a model's training state under plain data parallelism and the three
/// stages of ZeRO (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward Training Trillion
/// Parameter Models").
///
/// The paper counts mixed precision: 2Ψ bytes of fp16 parameters, 2Ψ of fp16 gradients and KΨ of
/// optimizer state (K = 12 for Adam: fp32 master weights, momentum and variance). This engine
/// trains in one dtype of b bytes (4 for f32, 8 for f64) with no master copy, so here it is bΨ of
/// parameters, bΨ of gradients and K·bΨ of state, K the optimizer's buffers per parameter (Adam's
/// m and v: 2; SGD with momentum: 1; plain SGD: 0). Each worker's shard of a partitioned tensor is
/// ⌈Ψ/N⌉ values, the largest of N as even shards (DeepSpeed pads the flat buffer to a multiple of
/// N the same way). Per-parameter step counters are a few bytes and not counted.
///
/// - plain data parallelism: bΨ + bΨ + K·bΨ on every worker
/// - ZeRO-1, optimizer state partitioned: bΨ + bΨ + K·b⌈Ψ/N⌉
/// - ZeRO-2, gradients too: bΨ + b⌈Ψ/N⌉ + K·b⌈Ψ/N⌉
/// - ZeRO-3, parameters too: b⌈Ψ/N⌉ + b⌈Ψ/N⌉ + K·b⌈Ψ/N⌉
public struct ZeroMemory: Sendable, Equatable {
    public enum Stage: Int, Sendable, CaseIterable {
        case dataParallel = 0
        case zero1
        case zero2
        case zero3

        /// "DP", "ZeRO-1", ...
        public var name: String { self == .dataParallel ? "DP" : "ZeRO-\(rawValue)" }

        /// What the stage partitions over the workers.
        public var partitions: String {
            switch self {
            case .dataParallel: "nothing: every worker holds everything"
            case .zero1: "optimizer state"
            case .zero2: "optimizer state and gradients"
            case .zero3: "optimizer state, gradients and parameters"
            }
        }
    }

    /// One worker's bytes under one stage.
    public struct Footprint: Sendable, Equatable {
        public var stage: Stage
        public var workers: Int
        public var parameters: Int
        public var gradients: Int
        public var optimizerState: Int
        public var total: Int { parameters + gradients + optimizerState }
    }

    /// Ψ, the model's parameters.
    public var parameterCount: Int
    /// b, bytes of one value.
    public var bytesPerElement: Int
    /// K, the optimizer's buffers per parameter.
    public var stateBuffers: Int

    public init(parameterCount: Int, bytesPerElement: Int, stateBuffers: Int) {
        self.parameterCount = parameterCount
        self.bytesPerElement = bytesPerElement
        self.stateBuffers = stateBuffers
    }

    /// ⌈Ψ/N⌉: the values of one worker's shard.
    public func shard(workers: Int) -> Int { (parameterCount + workers - 1) / workers }

    /// One worker's bytes under `stage` with `workers` workers.
    public func footprint(_ stage: Stage, workers: Int) -> Footprint {
        let whole = parameterCount * bytesPerElement
        let part = shard(workers: workers) * bytesPerElement
        return Footprint(
            stage: stage, workers: workers,
            parameters: stage == .zero3 ? part : whole,
            gradients: stage.rawValue >= 2 ? part : whole,
            optimizerState: stateBuffers * (stage.rawValue >= 1 ? part : whole))
    }
}
