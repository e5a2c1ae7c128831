import Foundation

/// A net's training run as a folder PyTorch continues: `model.py`, `model.safetensors`,
/// `optimizer.safetensors`, `data.safetensors`, `train_config.json` and `train_ddp.py`, which
/// `torchrun --standalone --nproc_per_node=N train_ddp.py` runs on the CPU (see its docstring
/// for how it chooses batches and what it writes back).
public struct TorchExport {
    /// The rows the script trains on and where the run is in them.
    public struct Rows {
        /// The data set's name, for the config.
        public var name: String
        /// The training rows, targets in the form the net's loss reads.
        public var samples: Samples
        /// The order of the epoch the next step takes its batch from.
        public var order: [Int]
        /// Rows of `order` already used.
        public var position: Int
        /// The generator later epochs' orders are drawn from, as it will be after `order`.
        public var generator: RandomSource
        /// Whether new epochs are shuffled.
        public var shuffle: Bool

        public init(
            name: String, samples: Samples, order: [Int], position: Int, generator: RandomSource,
            shuffle: Bool
        ) {
            self.name = name
            self.samples = samples
            self.order = order
            self.position = position
            self.generator = generator
            self.shuffle = shuffle
        }
    }

    /// How the exported run trains.
    public struct Run {
        public var loss: Loss
        public var optimizer: any Optimizer
        /// The learning rate over the script's steps from the export on, each parameter group
        /// moved from its own rate as the trainer moves them.
        public var schedule: LearningRateSchedule
        public var counts: NetworkCheckpoint.Counts
        /// The session's seed, which also seeds torch's generator (dropout masks).
        public var seed: UInt64
        public var batchSize: Int
        /// Steps a run of the script takes by default.
        public var steps: Int
        /// Global gradient-norm clipping, when set.
        public var clipNorm: Double?

        public init(
            loss: Loss, optimizer: any Optimizer, schedule: LearningRateSchedule = .constant,
            counts: NetworkCheckpoint.Counts, seed: UInt64,
            batchSize: Int, steps: Int, clipNorm: Double?
        ) {
            self.loss = loss
            self.optimizer = optimizer
            self.schedule = schedule
            self.counts = counts
            self.seed = seed
            self.batchSize = batchSize
            self.steps = steps
            self.clipNorm = clipNorm
        }
    }

    /// The files, by name, in the order they are written.
    public let files: [(name: String, bytes: [UInt8])]

    /// The names of the files an export writes (a folder holding only these may be replaced).
    public static let fileNames = [
        "model.py", "model.safetensors", "optimizer.safetensors", "data.safetensors", "train_config.json",
        "train_ddp.py",
    ]

    /// The export of `network`, called `name`; refused when a layer or the optimizer has no
    /// PyTorch counterpart here.
    public init(_ network: Network, name: String, run: Run, data: Rows) throws(TorchExportError) {
        guard network.adapters.isEmpty else {
            throw .adaptersNotExportable(maps: network.adapters.map(\.map))
        }
        let model = try TorchModelSource(network, name: name)
        let checkpoint: NetworkCheckpoint
        do { checkpoint = try NetworkCheckpoint(network) } catch { throw .checkpoint(error) }
        let optimizer = try TorchOptimizerExport(run.optimizer, checkpoint: checkpoint)
        let dtype: SafetensorsDType = network.dtype == .float64 ? .f64 : .f32
        let metadata = [
            Checkpoint.networkSpecKey: network.spec.description,
            Checkpoint.trainingStepKey: String(run.counts.steps),
            Checkpoint.trainingEpochKey: String(run.counts.epochs),
            "seed": String(run.seed), "net": name, "format": "backprop torch export 1",
        ]
        let samples = data.samples
        let bytes: (model: [UInt8], optimizer: [UInt8], data: [UInt8])
        do {
            var weights = try checkpoint.checkpoint(counts: run.counts)
            weights.metadata.merge(metadata) { $1 }
            let state = try optimizer.checkpoint(step: run.counts.steps)
            let rows = try Checkpoint(tensors: [
                CheckpointTensor(
                    name: "inputs", dtype: dtype, shape: [samples.count, samples.inputWidth],
                    values: samples.inputs),
                CheckpointTensor(
                    name: "targets", dtype: dtype, shape: [samples.count, samples.targetWidth],
                    values: samples.targets),
                CheckpointTensor(
                    name: "order", dtype: .f64, shape: [data.order.count], values: data.order.map(Double.init)
                ),
            ])
            bytes = try (
                SafetensorsFormat.encode(weights), SafetensorsFormat.encode(state),
                SafetensorsFormat.encode(rows)
            )
        } catch {
            throw .checkpoint(error)
        }
        let configuration = Self.configuration(
            network, name: name, run: run, data: data, optimizer: optimizer, checkpoint: checkpoint)
        files = [
            ("model.py", Array(model.text.utf8)),
            ("model.safetensors", bytes.model),
            ("optimizer.safetensors", bytes.optimizer),
            ("data.safetensors", bytes.data),
            ("train_config.json", Array((configuration.text() + "\n").utf8)),
            ("train_ddp.py", Array(TorchTrainingScript.text.utf8)),
        ]
    }
}
