import Foundation

/// The mapping between a `Network` and a safetensors checkpoint: PyTorch's `nn.Sequential`
/// names and `[out, in]` weights for the tensors, and the spec text and the step and epoch
/// counts in the metadata.
///
/// `write` saves the net; `read` puts a checkpoint's tensors into it and says what it
/// restored and what it skipped. A read changes the net only when nothing was refused: a
/// strict read with any difference, or a file holding NaN or infinity, leaves it as it was.
public struct NetworkCheckpoint {
    /// How far a net has trained: what `save` writes beside the tensors and `load` restores.
    public struct Counts: Sendable, Equatable {
        public var steps: Int
        public var epochs: Int

        public init(steps: Int, epochs: Int) {
            self.steps = steps
            self.epochs = epochs
        }
    }

    /// One checkpoint tensor and the parameter it fills.
    struct Binding {
        /// The key in the file (`2.weight`).
        let name: String
        /// The engine's tensor (`L2.W`).
        let parameter: Tensor
        /// The shape in the file.
        let shape: [Int]
        /// Whether the file holds the parameter transposed (`[out, in]` for `[in, out]`).
        let isTransposed: Bool
    }

    /// The network read and written.
    public let network: Network
    let bindings: [Binding]

    /// The mapping for `network`; a layer that checkpoints cannot hold yet is refused.
    ///
    /// The names are those of the same net as a PyTorch `nn.Sequential`, which numbers every
    /// module: a dense layer is an `nn.Linear` (`k.weight` `[out, in]`, `k.bias`) followed by its
    /// activation's module unless it is the identity; a layer norm is an `nn.LayerNorm`
    /// (`k.weight` for gamma, `k.bias` for beta); an embedding is an `nn.Embedding` (`k.weight`
    /// `[vocabulary, width]`) followed by the `nn.Flatten` that lays its rows side by side; a
    /// dropout is an `nn.Dropout`. A GPT's modules are named as nanoGPT names them inside their
    /// module: `k.wte.weight` and `k.wpe.weight` for the tables, `k.c_attn` and `k.c_proj` for an
    /// attention's maps, `k.ln_1`, `k.attn.c_attn`, `k.attn.c_proj`, `k.ln_2`, `k.mlp.c_fc`,
    /// `k.mlp.c_proj` in a block; a tied output layer's weights are the table, saved once.
    ///
    /// `modules` renames layers in the file: `["L2": "4"]` reads and writes L2 as `4.weight`
    /// and `4.bias` instead of its Sequential index (`["L1": "encoder.0"]` for a nested module).
    public init(_ network: Network, modules: [String: String] = [:]) throws(CheckpointError) {
        var renames: [String: String] = [:]
        let named = network.layers.filter { !$0.parameters.isEmpty }
        for (layer, module) in modules {
            guard let found = named.first(where: { $0.name.lowercased() == layer.lowercased() }) else {
                throw .unknownMappedLayer(layer: layer, valid: named.map(\.name))
            }
            renames[found.name] = module
        }
        var bindings: [Binding] = []
        var index = 0
        for layer in network.layers {
            let module = renames[layer.name] ?? "\(index)"
            switch layer {
            case let dense as DenseLayer:
                bindings += Self.linear(dense, module)
                index += dense.activation == .identity ? 1 : 2
            case let norm as LayerNormLayer:
                bindings += Self.layerNorm(norm, module)
                index += 1
            case let embedding as PositionalEmbeddingLayer:
                bindings += [
                    Binding(
                        name: "\(module).wte.weight", parameter: embedding.table,
                        shape: embedding.table.shape,
                        isTransposed: false),
                    Binding(
                        name: "\(module).wpe.weight", parameter: embedding.positionTable,
                        shape: embedding.positionTable.shape, isTransposed: false),
                ]
                index += 1
            case let attention as SelfAttentionLayer:
                bindings += Self.attention(attention, module)
                index += 1
            case let block as TransformerBlock:
                bindings += Self.layerNorm(block.attentionNorm, "\(module).ln_1")
                bindings += Self.attention(block.attention, "\(module).attn")
                bindings += Self.layerNorm(block.mlpNorm, "\(module).ln_2")
                bindings += Self.linear(block.hidden, "\(module).mlp.c_fc")
                bindings += Self.linear(block.projection, "\(module).mlp.c_proj")
                index += 1
            case let tied as TiedOutputLayer:
                // Its weights are the embedding's table, saved there once (as GPT-2's lm_head is).
                index += tied.activation == .identity ? 1 : 2
            case let embedding as EmbeddingLayer:
                bindings.append(
                    Binding(
                        name: "\(module).weight", parameter: embedding.table, shape: embedding.table.shape,
                        isTransposed: false))
                index += 2
            case is DropoutLayer:
                index += 1
            default:
                throw .unsupportedLayer(layer: layer.name)
            }
        }
        self.network = network
        self.bindings = bindings
        var seen = Set<String>()
        for binding in bindings where !seen.insert(binding.name).inserted {
            throw .duplicateTensorName(name: binding.name)
        }
    }

    /// An `nn.Linear`'s two tensors, `module.weight` `[out, in]` and `module.bias`, and when the
    /// map has a LoRA adapter PEFT's two beside them, `module.lora_A.weight` `[r, in]` and
    /// `module.lora_B.weight` `[out, r]`.
    private static func linear(_ dense: DenseLayer, _ module: String) -> [Binding] {
        var bindings = [
            Binding(
                name: "\(module).weight", parameter: dense.weight,
                shape: [dense.outputWidth, dense.inputWidth],
                isTransposed: true),
            Binding(
                name: "\(module).bias", parameter: dense.bias, shape: [dense.outputWidth], isTransposed: false
            ),
        ]
        if let adapter = dense.adapter {
            bindings += [
                Binding(
                    name: "\(module).lora_A.weight", parameter: adapter.down,
                    shape: [adapter.spec.rank, dense.inputWidth], isTransposed: true),
                Binding(
                    name: "\(module).lora_B.weight", parameter: adapter.up,
                    shape: [dense.outputWidth, adapter.spec.rank], isTransposed: true),
            ]
        }
        return bindings
    }

    /// An `nn.LayerNorm`'s gamma and beta as `module.weight` and `module.bias`.
    private static func layerNorm(_ norm: LayerNormLayer, _ module: String) -> [Binding] {
        [
            Binding(
                name: "\(module).weight", parameter: norm.gain, shape: norm.gain.shape, isTransposed: false),
            Binding(
                name: "\(module).bias", parameter: norm.shift, shape: norm.shift.shape, isTransposed: false),
        ]
    }

    /// nanoGPT's `CausalSelfAttention`: `module.c_attn` (C → 3C) and `module.c_proj` (C → C).
    private static func attention(_ attention: SelfAttentionLayer, _ module: String) -> [Binding] {
        linear(attention.inputMap, "\(module).c_attn") + linear(attention.outputMap, "\(module).c_proj")
    }

    /// Which parameter each checkpoint tensor fills: `0.weight` → `L1.W`, in file order.
    public var tensorNames: [(tensor: String, parameter: String)] {
        bindings.map { ($0.name, $0.parameter.name) }
    }

    // MARK: Writing

    /// The net's tensors in PyTorch's layout, in the net's element type, with the spec text and
    /// `counts` as metadata.
    public func checkpoint(counts: Counts) throws(CheckpointError) -> Checkpoint {
        let dtype: SafetensorsDType = network.dtype == .float64 ? .f64 : .f32
        let tensors = try bindings.map { binding throws(CheckpointError) in
            let values = binding.parameter.scalars
            return try CheckpointTensor(
                name: binding.name, dtype: dtype, shape: binding.shape,
                values: binding.isTransposed
                    ? Self.transposed(
                        values, rows: binding.shape[1], columns: binding.shape[0])
                    : values)
        }
        let metadata = [
            Checkpoint.networkSpecKey: network.spec.description,
            Checkpoint.trainingStepKey: String(counts.steps),
            Checkpoint.trainingEpochKey: String(counts.epochs),
        ]
        return try Checkpoint(tensors: tensors, metadata: metadata)
    }

    /// Writes the checkpoint to `url` atomically: on failure any existing file is unchanged.
    public func write(to url: URL, counts: Counts) throws(CheckpointError) {
        try SafetensorsFile.write(checkpoint(counts: counts), to: url)
    }

    // MARK: Reading

    /// Reads `url` into the net; see `read(_:strict:)`.
    @discardableResult
    public func read(from url: URL, strict: Bool = true) throws(CheckpointError) -> CheckpointReadReport {
        try read(SafetensorsFile.read(from: url), strict: strict)
    }

    /// Puts the checkpoint's tensors into the net, as PyTorch's `load_state_dict`.
    ///
    /// Strict, any tensor missing from the file, unexpected in it or of another shape refuses
    /// the whole read (`networkMismatch`). Not strict, every tensor whose name and shape match
    /// is loaded and the others are listed as skipped. Either way a file holding NaN or
    /// infinity where it would be loaded is refused (`nonFiniteValues`), and a refused read
    /// changes nothing.
    @discardableResult
    public func read(_ checkpoint: Checkpoint, strict: Bool = true) throws(CheckpointError)
        -> CheckpointReadReport
    {
        var skipped: [ArchitectureDifference] = []
        var loads: [(binding: Binding, values: [Double])] = []
        for binding in bindings {
            guard let tensor = checkpoint[binding.name] else {
                skipped.append(.missing(name: binding.name, shape: binding.shape))
                continue
            }
            guard tensor.shape == binding.shape else {
                skipped.append(
                    .shapeMismatch(name: binding.name, expected: binding.shape, found: tensor.shape))
                continue
            }
            let values =
                binding.isTransposed
                ? Self.transposed(
                    tensor.values, rows: binding.shape[0], columns: binding.shape[1])
                : tensor.values
            loads.append((binding, values))
        }
        let known = Set(bindings.map(\.name))
        for tensor in checkpoint.tensors where !known.contains(tensor.name) {
            skipped.append(.unexpected(name: tensor.name, shape: tensor.shape))
        }
        let specDifferences = Self.specDifferences(saved: checkpoint.networkSpec, current: network.spec)
        if strict, !skipped.isEmpty {
            throw .networkMismatch(differences: skipped, specDifferences: specDifferences)
        }
        try refuseNonFinite(loads)
        for (binding, values) in loads {
            do { try binding.parameter.assign(values) } catch {
                preconditionFailure("the shape of '\(binding.name)' was checked: \(error)")
            }
        }
        return CheckpointReadReport(
            restored: loads.map { ($0.binding.name, $0.binding.parameter.name) }, skipped: skipped,
            savedSpec: checkpoint.networkSpec, specDifferences: specDifferences,
            steps: checkpoint.trainingStep, epochs: checkpoint.trainingEpoch)
    }

    /// A NaN or infinity (or, for a Float32 net, a value past Float32's range, which would
    /// become infinite) would silently poison every later step, so it is refused.
    private func refuseNonFinite(_ loads: [(binding: Binding, values: [Double])]) throws(CheckpointError) {
        let isFloat32 = network.dtype == .float32
        let limit = isFloat32 ? Double(Float.greatestFiniteMagnitude) : .greatestFiniteMagnitude
        var findings: [NonFiniteFinding] = []
        for (binding, values) in loads {
            let nan = values.count(where: \.isNaN)
            let infinite = values.count(where: { !$0.isNaN && ($0.isInfinite || abs($0) > limit) })
            guard nan + infinite > 0 else { continue }
            findings.append(
                NonFiniteFinding(
                    parameter: binding.parameter.name, nanCount: nan, infiniteCount: infinite,
                    isFloat32: isFloat32))
        }
        guard findings.isEmpty else { throw .nonFiniteValues(findings: findings) }
    }

    /// The layers where the spec a checkpoint was saved from differs from `current`, by the
    /// layer's place (`input`, `L2`); none when the file holds no spec.
    public static func specDifferences(saved: String?, current: NetworkSpec) -> [SpecDifference] {
        guard let saved else { return [] }
        guard let parsed = try? NetworkSpec(parsing: saved) else {
            return [SpecDifference(place: "spec", saved: saved, current: current.description)]
        }
        // The canonical text is the input width, then one part per layer, joined by " -> ".
        let savedParts = parsed.description.components(separatedBy: " -> ")
        let currentParts = current.description.components(separatedBy: " -> ")
        return (0..<max(savedParts.count, currentParts.count)).compactMap { index in
            let there = index < savedParts.count ? savedParts[index] : nil
            let here = index < currentParts.count ? currentParts[index] : nil
            guard there != here else { return nil }
            return SpecDifference(place: index == 0 ? "input" : "L\(index)", saved: there, current: here)
        }
    }
}

extension NetworkCheckpoint {
    /// A row-major `rows × columns` matrix as `columns × rows`: a dense weight between the
    /// engine's `[in, out]` and PyTorch's `[out, in]`.
    static func transposed(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        for row in 0..<rows {
            for column in 0..<columns {
                result[column * rows + row] = values[row * columns + column]
            }
        }
        return result
    }
}

/// What `NetworkCheckpoint.read` did.
public struct CheckpointReadReport: Sendable, Equatable {
    /// The tensors loaded and the parameters they filled (`0.weight` → `L1.W`), in net order.
    public let restored: [RestoredTensor]
    /// The tensors not loaded: missing from the file, unexpected in it, or of another shape.
    public let skipped: [ArchitectureDifference]
    /// The spec text the file was saved from, if it holds one.
    public let savedSpec: String?
    /// Where that spec differs from the net's.
    public let specDifferences: [SpecDifference]
    /// The steps the file says the net had trained, if it says (files from PyTorch do not).
    public let steps: Int?
    /// The epochs, likewise (files saved before the epoch was kept hold only the step).
    public let epochs: Int?

    init(
        restored: [(tensor: String, parameter: String)], skipped: [ArchitectureDifference],
        savedSpec: String?,
        specDifferences: [SpecDifference], steps: Int?, epochs: Int?
    ) {
        self.restored = restored.map { RestoredTensor(tensor: $0.tensor, parameter: $0.parameter) }
        self.skipped = skipped
        self.savedSpec = savedSpec
        self.specDifferences = specDifferences
        self.steps = steps
        self.epochs = epochs
    }

    /// Whether every parameter was loaded and the file held nothing else.
    public var isComplete: Bool { skipped.isEmpty }
}

/// A checkpoint tensor and the parameter it was loaded into.
public struct RestoredTensor: Sendable, Equatable {
    public let tensor: String
    public let parameter: String
}

/// One place where a checkpoint's saved spec and a net's spec differ.
public struct SpecDifference: Sendable, Equatable {
    /// `input`, a layer name (`L2`), or `spec` when the saved text does not parse.
    public let place: String
    /// The part in the file, or nil when the file's net has no such layer.
    public let saved: String?
    /// The part in the net, or nil when the net has no such layer.
    public let current: String?

    public init(place: String, saved: String?, current: String?) {
        self.place = place
        self.saved = saved
        self.current = current
    }
}

/// A parameter a checkpoint would fill with values that are not finite numbers.
public struct NonFiniteFinding: Sendable, Equatable {
    /// The parameter (`L1.W`).
    public let parameter: String
    public let nanCount: Int
    /// Infinities, and for a Float32 net values past Float32's range.
    public let infiniteCount: Int
    /// Whether the net is Float32, so values past its range count as infinite.
    public let isFloat32: Bool

    public init(parameter: String, nanCount: Int, infiniteCount: Int, isFloat32: Bool) {
        self.parameter = parameter
        self.nanCount = nanCount
        self.infiniteCount = infiniteCount
        self.isFloat32 = isFloat32
    }
}

extension Checkpoint {
    /// Metadata key under which the engine stores the epochs trained.
    public static let trainingEpochKey = "epoch"

    /// The epochs stored in the metadata, if any and if it is a whole number.
    public var trainingEpoch: Int? { metadata[Self.trainingEpochKey].flatMap { Int($0) } }
}
