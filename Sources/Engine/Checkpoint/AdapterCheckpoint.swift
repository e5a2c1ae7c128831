import FileWriting
import Foundation

/// A net's LoRA adapters alone, in the layout PEFT saves and `PeftModel.from_pretrained` reads:
/// `adapter_model.safetensors` with `base_model.model.MODULE.lora_A.weight` `[r, in]` and
/// `...lora_B.weight` `[out, r]` for each adapted module (named as `NetworkCheckpoint` names
/// it), and `adapter_config.json` beside it (peft_type LORA, r, lora_alpha, target_modules,
/// and rank and alpha patterns for maps whose r or α differ from the first's).
public struct AdapterCheckpoint {
    /// The prefix PEFT's `PeftModel` gives the wrapped model's names.
    public static let modulePrefix = "base_model.model."
    /// The configuration file's name, beside the tensors.
    public static let configFileName = "adapter_config.json"

    /// One adapted module: its PyTorch name and the adapter.
    public struct Module {
        /// `0`, `1.attn.c_attn`, ...
        public let name: String
        public let adapter: LowRankAdapter
    }

    public let network: Network
    /// The adapted modules in net order.
    public let modules: [Module]
    /// The net's whole mapping, whose adapter bindings these are.
    let mapping: NetworkCheckpoint

    /// The adapters of `network`; refused when it has none.
    public init(_ network: Network) throws(CheckpointError) {
        mapping = try NetworkCheckpoint(network)
        var modules: [Module] = []
        for binding in mapping.bindings where binding.name.hasSuffix(".lora_A.weight") {
            let name = String(binding.name.dropLast(".lora_A.weight".count))
            let adapter = network.denseMaps.first { $0.adapter?.down === binding.parameter }!.adapter!
            modules.append(Module(name: name, adapter: adapter))
        }
        guard !modules.isEmpty else { throw .noAdapters }
        self.network = network
        self.modules = modules
    }

    /// The adapter tensors under PEFT's names, in the net's element type.
    public func checkpoint() throws(CheckpointError) -> Checkpoint {
        let dtype: SafetensorsDType = network.dtype == .float64 ? .f64 : .f32
        var tensors: [CheckpointTensor] = []
        for binding in mapping.bindings where NetworkCheckpoint.isAdapterTensor(binding.name) {
            tensors.append(
                try CheckpointTensor(
                    name: Self.modulePrefix + binding.name, dtype: dtype, shape: binding.shape,
                    values: NetworkCheckpoint.transposed(
                        binding.parameter.scalars, rows: binding.shape[1], columns: binding.shape[0])))
        }
        return try Checkpoint(tensors: tensors, metadata: ["format": "pt"])
    }

    /// PEFT's `adapter_config.json` for these adapters, keys sorted as PEFT writes them.
    public var configJSON: String {
        let first = modules[0].adapter.spec
        var rankPattern: [(String, Int)] = []
        var alphaPattern: [(String, Double)] = []
        for module in modules {
            if module.adapter.spec.rank != first.rank {
                rankPattern.append((module.name, module.adapter.spec.rank))
            }
            if module.adapter.spec.alpha != first.alpha {
                alphaPattern.append((module.name, module.adapter.spec.alpha))
            }
        }
        func object<Value>(_ pairs: [(String, Value)], _ format: (Value) -> String) -> String {
            pairs.isEmpty
                ? "{}"
                : "{" + pairs.map { "\(jsonStringLiteral($0.0)): \(format($0.1))" }.joined(separator: ", ")
                    + "}"
        }
        let targets = modules.map { jsonStringLiteral($0.name) }.joined(separator: ", ")
        let fields: [(String, String)] = [
            ("alpha_pattern", object(alphaPattern, Self.number)),
            ("base_model_name_or_path", "null"),
            ("bias", "\"none\""),
            ("fan_in_fan_out", "false"),
            ("inference_mode", "true"),
            ("init_lora_weights", "true"),
            ("lora_alpha", Self.number(first.alpha)),
            ("lora_dropout", "0.0"),
            ("modules_to_save", "null"),
            ("peft_type", "\"LORA\""),
            ("r", String(first.rank)),
            ("rank_pattern", object(rankPattern, { String($0) })),
            ("target_modules", "[\(targets)]"),
            ("task_type", "null"),
            ("use_dora", "false"),
            ("use_rslora", "false"),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// A number as JSON: whole values without a fraction (PEFT writes `lora_alpha: 8`).
    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// Writes `adapter_config.json` into `url`'s directory, then the tensors to `url`. Each file
    /// is replaced atomically, so none is ever left half-written; a failure of the second leaves
    /// the old tensors beside the new config.
    public func write(to url: URL) throws(CheckpointError) {
        let configURL = url.deletingLastPathComponent().appendingPathComponent(Self.configFileName)
        let tensors = try checkpoint()
        do {
            try AtomicFile.write(Array(configJSON.utf8), to: configURL.path)
        } catch {
            throw .writeFailed(path: configURL.path, reason: error.reason)
        }
        try SafetensorsFile.write(tensors, to: url)
    }
}

extension NetworkCheckpoint {
    /// Whether a checkpoint name is a LoRA tensor's (`2.lora_A.weight`).
    static func isAdapterTensor(_ name: String) -> Bool {
        name.hasSuffix(".lora_A.weight") || name.hasSuffix(".lora_B.weight")
    }
}
