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
            let state = try Checkpoint(
                tensors: optimizer.tensors,
                metadata: [
                    "optimizer": Self.optimizerName(optimizer.settings), "step": String(run.counts.steps),
                ])
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

    private static func optimizerName(_ settings: JSONValue) -> String {
        guard case .object(let pairs) = settings, case .string(let name)? = pairs.first?.1 else { return "" }
        return name
    }

    /// `train_config.json`: what the script reads besides the tensors.
    static func configuration(
        _ network: Network, name: String, run: Run, data: Rows, optimizer: TorchOptimizerExport,
        checkpoint: NetworkCheckpoint
    ) -> JSONValue {
        let frozen = checkpoint.bindings.filter(\.parameter.isFrozen).map { JSONValue.string($0.name) }
        let words = data.generator.stateWords.map { JSONValue.string(String($0)) }
        return .object([
            ("format", .string("backprop torch export")), ("version", .integer(1)),
            ("net", .string(name)), ("spec", .string(network.spec.description)),
            ("dtype", .string(network.dtype == .float64 ? "float64" : "float32")),
            ("seed", .integer(Int(truncatingIfNeeded: run.seed))),
            (
                "files",
                .object([
                    ("model", .string("model.safetensors")), ("optimizer", .string("optimizer.safetensors")),
                    ("data", .string("data.safetensors")),
                ])
            ),
            (
                "loss",
                .object([
                    ("kind", .string(run.loss.kind.rawValue)),
                    ("reduction", .string(run.loss.reduction.rawValue)),
                    ("reads_logits", .boolean(run.loss.readsLogits)),
                ])
            ),
            ("optimizer", optimizer.settings),
            ("frozen", .array(frozen)),
            ("training_mode", .boolean(network.isTraining)),
            ("batch_size", .integer(run.batchSize)),
            ("shuffle", .boolean(data.shuffle)),
            ("steps", .integer(run.steps)),
            ("clip_norm", run.clipNorm.map { .number($0) } ?? .null),
            // t counts the steps since the export, as a train run counts its own.
            ("schedule", .object([("start", .integer(run.counts.steps))] + Self.schedule(run.schedule))),
            (
                "data",
                .object([
                    ("name", .string(data.name)), ("rows", .integer(data.samples.count)),
                    ("input_width", .integer(data.samples.inputWidth)),
                    ("target_width", .integer(data.samples.targetWidth)),
                ])
            ),
            (
                "cursor",
                .object([
                    ("step", .integer(run.counts.steps)), ("epoch", .integer(run.counts.epochs)),
                    ("position", .integer(data.position)), ("order_in_data", .boolean(true)),
                    ("generator", .array(words)),
                ])
            ),
        ])
    }

    /// A schedule as the script's `scheduled_rate` reads it: its kind and parameters, a warm-up
    /// with the schedule that follows it under "then".
    static func schedule(_ schedule: LearningRateSchedule) -> [(String, JSONValue)] {
        switch schedule {
        case .constant: [("kind", .string("constant"))]
        case .step(let size, let gamma):
            [("kind", .string("step")), ("size", .integer(size)), ("gamma", .number(gamma))]
        case .exponential(let gamma): [("kind", .string("exponential")), ("gamma", .number(gamma))]
        case .cosine(let period, let minimum):
            [("kind", .string("cosine")), ("period", .integer(period)), ("minimum", .number(minimum))]
        case .linearWarmup(let steps, let startFactor):
            [
                ("kind", .string("linear_warmup")), ("steps", .integer(steps)),
                ("start_factor", .number(startFactor)),
            ]
        case .warmup(let steps, let then):
            [("kind", .string("warmup")), ("steps", .integer(steps)), ("then", .object(Self.schedule(then)))]
        }
    }

    /// Writes the folder at `path` whole or not at all: the files go to a new folder beside it,
    /// which then takes its place. An existing folder is replaced only when it holds nothing but
    /// an earlier export's files; on any failure it is left as it was.
    public func write(to path: String) throws(TorchExportError) {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            // Named as the user wrote it: shorter, and the same on every machine.
            let written = (path as NSString).deletingLastPathComponent
            throw .missingParent(path: written.isEmpty ? "." : written)
        }
        let exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else { throw .notADirectory(path: path) }
            let present = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
            let allowed = Set(Self.fileNames + ["__pycache__"] + Self.fileNames.map { $0 + ".partial" })
            let foreign = present.filter { !allowed.contains($0) }.sorted()
            guard foreign.isEmpty else { throw .foreignFiles(path: path, files: foreign) }
        }
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(suffix)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(suffix)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
        do {
            for file in files {
                guard
                    manager.createFile(
                        atPath: staging.appendingPathComponent(file.name).path, contents: Data(file.bytes))
                else {
                    throw TorchExportError.writeFailed(
                        path: "\(path)/\(file.name)", reason: "the file could not be written")
                }
            }
            if exists { try Self.move(target, to: previous, path: path) }
            do {
                try Self.move(staging, to: target, path: path)
            } catch {
                if exists { try? Self.move(previous, to: target, path: path) }
                throw error
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error as? TorchExportError ?? .writeFailed(path: path, reason: error.localizedDescription)
        }
        if exists { try? manager.removeItem(at: previous) }
    }

    private static func move(_ source: URL, to destination: URL, path: String) throws(TorchExportError) {
        guard rename(source.path, destination.path) == 0 else {
            throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
