import Foundation

/// A fixed training workload for `backprop bench`, matched by benchmarks/torch_mlp.py.
public struct BenchmarkConfiguration: Sendable {
    /// The name used on the command line and as the JSON key.
    public var name: String
    /// The network spec.
    public var spec: String
    /// The loss.
    public var loss: Loss
    /// Rows per step.
    public var batchSize: Int
    /// The update rule, one of the engine's optimizers, made afresh for each run.
    public var makeOptimizer: @Sendable () -> any Optimizer
    /// Timed steps.
    public var steps: Int

    /// The three workloads of issue 3, then issue 11's GPT (nanoGPT's character model at 4
    /// layers, 4 heads, 128 wide, context 64, batch 12, vocabulary 65: about 0.8M parameters).
    public static let all: [BenchmarkConfiguration] = [
        BenchmarkConfiguration(
            name: "xor", spec: "2 -> 8 tanh -> 1 sigmoid", loss: Loss(.bceWithLogits), batchSize: 4,
            makeOptimizer: { SGD(learningRate: 0.5) }, steps: 20_000),
        BenchmarkConfiguration(
            name: "mnist-like", spec: "784 -> 256 relu -> 128 relu -> 10 softmax", loss: Loss(.crossEntropy),
            batchSize: 128, makeOptimizer: { Adam(learningRate: 1e-3) }, steps: 300),
        BenchmarkConfiguration(
            name: "wide", spec: "1024 -> 1024 relu -> 1024 relu -> 10 softmax", loss: Loss(.crossEntropy),
            batchSize: 256, makeOptimizer: { SGD(learningRate: 0.01, momentum: 0.9) }, steps: 100),
        BenchmarkConfiguration(
            name: "gpt",
            spec: "tokens 64 -> embed 128 positions -> block 4 -> block 4 -> block 4 -> block 4 -> layernorm "
                + "-> 65 softmax tied",
            loss: Loss(.crossEntropy), batchSize: 12,
            makeOptimizer: { Adam.adamW(learningRate: 1e-3, weightDecay: 0.1) },
            steps: 30),
    ]

    /// Floating-point operations of one training step: 2·rows·in·out for each dense map's
    /// forward product and for its weight gradient, and for the input gradient of every map but
    /// the first (elementwise work is not counted, as is usual). A sequence model's rows are its
    /// tokens; a block's maps are 12·C² per token, and its attention 4·T·C per token forward (the
    /// whole T×T scores, as computed) and twice that backward; a tied output layer is a map of
    /// C·V with both gradients.
    public var flopsPerStep: Double {
        guard let parsed = try? NetworkSpec(parsing: spec) else { return 0 }
        let rows = Double(batchSize * parsed.rowsPerExample)
        let positions = Double(parsed.rowsPerExample)
        var width = Double(parsed.inputWidth)
        var total = 0.0
        var first = true
        for layer in parsed.layers {
            switch layer {
            case .dense(let out, _):
                let product = 2 * rows * width * Double(out)
                total += first ? 2 * product : 3 * product
                first = false
                width = Double(out)
            case .tiedOutput(let out, _):
                total += 3 * 2 * rows * width * Double(out)
                width = Double(out)
            case .positionalEmbedding(let out):
                width = Double(out)
            case .transformerBlock:
                total += 3 * 2 * rows * 12 * width * width + 3 * 4 * rows * positions * width
                first = false
            case .attention:
                total += 3 * 2 * rows * 4 * width * width + 3 * 4 * rows * positions * width
                first = false
            case .embedding(let out):
                width *= Double(out)
            case .dropout, .layerNorm:
                break
            }
        }
        return total
    }
}

/// What one benchmark run measured.
public struct BenchmarkResult: Sendable, Equatable {
    public var name: String
    public var stepsPerSecond: Double
    /// Rows per second: examples, or a sequence model's tokens.
    public var samplesPerSecond: Double
    public var gigaflopsPerSecond: Double
    /// The loss after the last step (a sanity check that training happened).
    public var finalLoss: Double
}

extension BenchmarkConfiguration {
    /// Trains the workload in Float32 on fixed random data and times `steps` steps
    /// after a short warm-up; with `workers`, each step as that many simulated data-parallel
    /// workers take it (`Trainer.dataParallelRunStep`, as `train workers=` does, unchecked).
    public func run(steps overrideSteps: Int? = nil, workers: Int? = nil) throws(EngineError)
        -> BenchmarkResult
    {
        let network = try Network(spec, dtype: .float32, seed: 1)
        var random = RandomSource(seed: 2)
        let spec = network.spec
        let inputs = (0..<(batchSize * spec.inputWidth)).map { _ in
            spec.inputKind == .tokens
                ? Double(random.nextIndex(below: spec.outputWidth)) : random.nextNormal()
        }
        let targets: [Double]
        if spec.isSequenceModel {
            targets = (0..<(batchSize * spec.rowsPerExample)).map { _ in
                Double(random.nextIndex(below: spec.outputWidth))
            }
        } else if spec.outputWidth == 1 {
            targets = (0..<batchSize).map { _ in Double(random.nextIndex(below: 2)) }
        } else {
            targets = (0..<batchSize).map { _ in Double(random.nextIndex(below: spec.outputWidth)) }
        }
        let trainer = Trainer(network: network, loss: loss, optimizer: makeOptimizer())
        var step: () throws(EngineError) -> Double = {
            try trainer.step(inputs: inputs, targets: targets, rows: batchSize).loss
        }
        if let workers {
            guard workers >= 1, workers <= batchSize else {
                throw .invalidOption(
                    name: "workers", value: Double(workers),
                    expected: .batchRows(batchSize))
            }
            let samples = try Samples(inputs: inputs, targets: targets, count: batchSize)
            let run = DataParallelRun(
                DataParallelTraining(workers: workers), network: network, batchSize: batchSize,
                accumulation: 1)
            let rows = Array(0..<batchSize)[...]
            run.batches = [rows]
            step = { () throws(EngineError) in
                try trainer.dataParallelRunStep(on: samples, run: run, check: false).loss
            }
        }
        for _ in 0..<3 { _ = try step() }
        let count = overrideSteps ?? steps
        var last = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count { last = try step() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let stepsPerSecond = Double(count) / seconds
        return BenchmarkResult(
            name: name, stepsPerSecond: stepsPerSecond,
            samplesPerSecond: stepsPerSecond * Double(batchSize * spec.rowsPerExample),
            gigaflopsPerSecond: stepsPerSecond * flopsPerStep / 1e9, finalLoss: last)
    }
}
