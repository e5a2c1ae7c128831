/// LoRA on a network: which dense maps can take an adapter, a copy of the net with adapters
/// added (PEFT's `get_peft_model`), and the net with them folded into W (`merge_and_unload`).
extension Network {
    /// Every dense map of the net in order, those inside attention layers and blocks included:
    /// `L1`, `L2.attn` (c_attn), `L2.attn.proj`, `L2.mlp.fc`, `L2.mlp.proj`, ...
    public var denseMaps: [DenseLayer] { Self.denseMaps(of: layers) }

    static func denseMaps(of layers: [any Layer]) -> [DenseLayer] {
        layers.flatMap { layer -> [DenseLayer] in
            switch layer {
            case let dense as DenseLayer: [dense]
            case let attention as SelfAttentionLayer: [attention.inputMap, attention.outputMap]
            case let block as TransformerBlock:
                [block.attention.inputMap, block.attention.outputMap, block.hidden, block.projection]
            default: []
            }
        }
    }

    /// The dense maps a module path names: the map itself (`L1`, `L2.mlp.fc`) and every map inside
    /// the module (`L2` is a block's four, `L2.attn` its attention's two, `L2.mlp` its MLP's two).
    /// A `*` segment matches any one segment: `*.attn` is every block's attention. An empty path
    /// is every dense map but the output layer, PEFT's "all-linear". Case-insensitive; none when
    /// nothing matches.
    public func denseMaps(under path: [String]) -> [DenseLayer] {
        let maps = denseMaps
        guard !path.isEmpty else {
            let output = outputMap.flatMap { $0.layer as? DenseLayer }
            return maps.filter { $0 !== output }
        }
        let wanted = path.map { $0.lowercased() }
        return maps.filter { map in
            let segments = map.name.lowercased().split(separator: ".").map(String.init)
            guard segments.count >= wanted.count else { return false }
            return zip(wanted, segments).allSatisfy { $0 == "*" || $0 == $1 }
        }
    }

    /// A copy of the net with `added` adapters beside its dense maps, as PEFT's `get_peft_model`
    /// makes one: the same weights (copied), every parameter but the adapters' frozen, the
    /// adapters kept from before, and each new adapter's A drawn from `random` with B zero, so
    /// the copy computes what the net computes. Refuses a map that is not the net's
    /// (`unknownParameter`), one that has an adapter already (`adapterExists`), a rank past the
    /// map's smaller side and an α that is not above zero.
    public func addingAdapters(_ added: [LowRankAdapterSpec], random: inout RandomSource) throws(EngineError)
        -> Network
    {
        let maps = denseMaps
        for (index, spec) in added.enumerated() {
            guard let map = maps.first(where: { $0.name == spec.map }) else {
                throw .unknownParameter(name: spec.map, valid: maps.map(\.name))
            }
            // One adapter a map: none there already, and none earlier in `added`.
            if let existing = (adapters + added[..<index]).first(where: { $0.map == spec.map }) {
                throw .adapterExists(map: spec.map, rank: existing.rank)
            }
            let limit = min(map.inputWidth, map.outputWidth)
            guard (1...limit).contains(spec.rank) else {
                throw .adapterRankOutOfRange(map: spec.map, rank: spec.rank, limit: limit)
            }
            guard spec.alpha.isFinite, spec.alpha > 0 else { throw .adapterAlphaInvalid(alpha: spec.alpha) }
        }
        var unused = RandomSource(seed: 0)
        let adapted = Network(
            spec: spec, adapters: adapters + added, dtype: dtype, initializer: .zeros, random: &unused)
        adapted.copyParameters(from: self)
        for map in adapted.denseMaps where added.contains(where: { $0.map == map.name }) {
            map.adapter!.initialize(random: &random)
        }
        for parameter in adapted.parameters {
            parameter.isFrozen = !Self.isAdapterParameter(parameter.name)
        }
        adapted.random = self.random
        adapted.isTraining = isTraining
        return adapted
    }

    /// The net with every adapter folded into its map, W + (α/r)·A·B, and no adapters left:
    /// it computes what this net computes (to rounding), in a plain net of the same spec.
    /// Frozen flags and layer rates of the remaining parameters are kept.
    public func mergingAdapters() -> Network {
        var unused = RandomSource(seed: 0)
        let merged = Network(spec: spec, dtype: dtype, initializer: .zeros, random: &unused)
        merged.copyParameters(from: self)
        for map in denseMaps {
            guard let adapter = map.adapter else { continue }
            let weight = merged.denseMaps.first { $0.name == map.name }!.weight
            for (index, change) in adapter.weightChange.enumerated() { weight[flat: index] += change }
        }
        merged.random = random
        merged.isTraining = isTraining
        return merged
    }

    /// Parameters that are adapters' (`L2.attn.lora_A`, `L1.lora_B`).
    public var adapterParameters: [Tensor] { parameters.filter { Self.isAdapterParameter($0.name) } }

    static func isAdapterParameter(_ name: String) -> Bool {
        name.hasSuffix(".lora_A") || name.hasSuffix(".lora_B")
    }

    /// Copies the values, frozen flag and rate of every parameter `source` has by the same name.
    private func copyParameters(from source: Network) {
        let sources = Dictionary(uniqueKeysWithValues: source.parameters.map { ($0.name, $0) })
        for parameter in parameters {
            guard let from = sources[parameter.name] else { continue }
            for index in 0..<from.count { parameter[flat: index] = from[flat: index] }
            parameter.isFrozen = from.isFrozen
            parameter.learningRate = from.learningRate
        }
    }
}
