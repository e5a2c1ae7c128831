import Engine
import Render

/// `lora PATH [r=R] [alpha=A]` and `merge NET`: LoRA (Hu et al. 2021) as PEFT does it.
///
/// `lora` puts a low-rank adapter beside every dense map the path names (`lm.L2.attn` is an
/// attention's two maps, `lm.*.mlp` every block's MLP, a bare net every map but the output
/// layer) and freezes everything else, as `get_peft_model` does; `merge` folds each adapter into
/// its W (`merge_and_unload`) and checks that the outputs did not move.
enum AdapterCommands {
    /// PEFT's `LoraConfig` defaults.
    static let defaultRank = 8
    static let defaultAlpha = 8.0

    static func lora(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let expression = try ArgumentReader.expression(command, at: 0)
        guard case .path(let parts) = expression.kind else {
            throw LanguageError.expected(
                what: "a net or a module of one, such as lm.L2.attn or lm.*.mlp", at: expression.range)
        }
        var record = try context.netRecord(parts[0], at: expression.range)
        guard record.rule == .backprop else {
            throw LanguageError.needsBackprop(
                .adapter, net: record.name, rule: record.rule, at: expression.range)
        }
        let network = record.network
        let path = Array(parts.dropFirst())
        let maps = network.denseMaps(under: path)
        guard !maps.isEmpty else {
            throw LanguageError.notAllowed(
                why: path.isEmpty
                    ? "net '\(record.name)' has no dense map but its output layer to adapt"
                    : "'\(parts.joined(separator: "."))' names no dense map of net '\(record.name)'",
                notes: [
                    "its dense maps: "
                        + network.denseMaps.map { "\(record.name).\($0.name)" }.joined(separator: ", ")
                ], at: expression.range)
        }
        let rank = try OptionReader.integer(command, "r", atLeast: 1) ?? defaultRank
        let alpha = OptionReader.number(command, "alpha") ?? defaultAlpha
        // A module's maps that have adapters keep them; the one map named alone is refused below.
        let fresh = maps.count > 1 ? maps.filter { $0.adapter == nil } : maps
        let kept = maps.filter { map in !fresh.contains { $0 === map } }.map(\.name)
        guard !fresh.isEmpty else {
            throw LanguageError.notAllowed(
                why: "every dense map '\(parts.joined(separator: "."))' names has a LoRA adapter already: "
                    + kept.joined(separator: ", "),
                notes: ["merge the net first to fold them into W, then add new ones"], at: expression.range)
        }
        let added = fresh.map { LowRankAdapterSpec(map: $0.name, rank: rank, alpha: alpha) }
        let optionRange = command.option("r")?.value.range ?? command.option("alpha")?.value.range
        try context.reserve(
            MemoryNeed(
                [
                    (
                        "a copy of net '\(record.name)' with its adapters (\(network.dtype.byteCount) bytes a value)",
                        (network.parameters.reduce(0) { $0 + $1.count }
                            + added.reduce(0) { $0 + Self.addedCount($1, in: network) })
                            .multipliedSaturated(network.dtype.byteCount)
                    )
                ], smaller: "a smaller r="), for: command)
        let adapted: Network
        do {
            adapted = try network.addingAdapters(added, random: &context.state.random)
        } catch {
            let range: SourceRange? =
                switch error {
                case .adapterRankOutOfRange: command.option("r")?.value.range ?? optionRange
                case .adapterAlphaInvalid: command.option("alpha")?.value.range
                default: expression.range
                }
            throw LanguageError(error, at: range ?? expression.range)
        }
        record.replaceNetwork(adapted, source: "when lora added its adapters")
        context.state.store(net: record)
        context.show(try table(record, added: added, network: adapted))
        context.output.write(
            (kept.isEmpty ? "" : "kept the adapters " + kept.joined(separator: ", ") + " had already\n")
                + trainableText(record) + "\n" + frozenText + "\n", to: .stdout)
    }

    /// r·(in + out): the values an adapter of `spec` adds to its map, r at most the map's smaller
    /// side (a larger r is refused for what it is, not for the memory it would take).
    private static func addedCount(_ spec: LowRankAdapterSpec, in network: Network) -> Int {
        guard let map = network.denseMaps.first(where: { $0.name == spec.map }) else { return 0 }
        let rank = min(spec.rank, map.inputWidth, map.outputWidth)
        return rank.multipliedSaturated(map.inputWidth + map.outputWidth)
    }

    /// The maps adapted, their shapes and the values each adds.
    private static func table(_ record: NetRecord, added: [LowRankAdapterSpec], network: Network) throws
        -> Rendering
    {
        let maps = network.denseMaps
        var rows: [[Table.Cell]] = []
        for spec in added {
            let map = maps.first { $0.name == spec.map }!
            rows.append([
                .text(map.name), .text(EngineMessages.shape(map.weight.shape)),
                .text(EngineMessages.shape([map.inputWidth, spec.rank])),
                .text(EngineMessages.shape([spec.rank, map.outputWidth])),
                .number(Double(map.weight.count)),
                .number(Double(spec.rank * (map.inputWidth + map.outputWidth))),
            ])
        }
        let first = added[0]
        return try Table(
            title:
                "LoRA on net \(record.name): \(added.count) map\(added.count == 1 ? "" : "s"), r=\(first.rank), "
                + "alpha=\(ValueFormatter(digits: 6).format(first.alpha)), z = X·W + b + "
                + "(alpha/r)·(X·A)·B with alpha/r = \(ValueFormatter(digits: 6).format(first.scaling))",
            columns: [
                Table.Column("map"), Table.Column("W"), Table.Column("A"), Table.Column("B"),
                Table.Column("W values", alignment: .right), Table.Column("A + B values", alignment: .right),
            ], rows: rows,
            footnote:
                "A is drawn as nn.Linear draws a weight, U(−1/√in, 1/√in), and B is zero, so the net computes "
                + "what it computed before until B trains.",
            numberFormat: NumberFormat(significantDigits: 12)
        ).rendering()
    }

    /// "trainable 1,152 of 13,504 parameters (8.53%)".
    static func trainableText(_ record: NetRecord) -> String {
        let total = record.network.parameters.reduce(0) { $0 + $1.count }
        let trainable = record.network.parameters.filter { !$0.isFrozen }.reduce(0) { $0 + $1.count }
        return "trainable \(trainable) of \(total) parameters (\(NetTables.share(trainable, of: total)))"
    }

    private static let frozenText =
        "every weight but the adapters is frozen, as PEFT's get_peft_model leaves it (unfreeze a layer "
        + "to train it too); the optimizer starts afresh, its state was the old tensors'"

    static func merge(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let expression = try ArgumentReader.expression(command, at: 0)
        guard let name = expression.name else {
            throw LanguageError.argumentForm(
                command: "merge", takes: "a net's name, such as merge lm", at: expression.range)
        }
        var record = try context.netRecord(name, at: expression.range)
        let network = record.network
        guard !network.adapters.isEmpty else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "LoRA adapters to merge",
                remedy: "add them with lora \(record.name).LAYER r=R", at: expression.range)
        }
        try context.reserve(
            MemoryNeed(
                [
                    (
                        "a copy of net '\(record.name)' without its adapters",
                        network.parameters.reduce(0) { $0 + $1.count }.multipliedSaturated(
                            network.dtype.byteCount)
                    )
                ], smaller: "a smaller net"), for: command)
        let merged = network.mergingAdapters()
        let check = try outputCheck(before: network, after: merged, record: record, context: context)
        let count = network.adapters.count
        record.replaceNetwork(merged, source: "when merge folded its adapters into W")
        context.state.store(net: record)
        var lines = [
            "merged \(count) adapter\(count == 1 ? "" : "s") of net \(record.name) into "
                + (count == 1 ? "its weight" : "their weights") + ", "
                + "W ← W + (alpha/r)·A·B: "
                + network.adapters.map(\.map).joined(separator: ", ")
        ]
        if let check { lines.append(check) }
        lines.append(trainableText(record))
        if record.network.parameters.allSatisfy(\.isFrozen) {
            lines.append("every weight is frozen still: unfreeze \(record.name) to train the merged net")
        }
        context.output.write(lines.joined(separator: "\n") + "\n", to: .stdout)
    }

    /// Up to 256 rows of the current data through both nets, compared: the merge's proof.
    private static func outputCheck(
        before: Network, after: Network, record: NetRecord, context: ExecutionContext
    ) throws -> String? {
        guard let name = context.state.currentData, let data = context.state.datasets[name],
            data.training.featureCount == before.spec.inputWidth, data.training.count > 0
        else { return nil }
        // A sequence model's rows are its positions: 16 examples of 256 are 4,096 rows.
        let rows = min(before.spec.isSequenceModel ? 16 : 256, data.training.count)
        let inputs = Array(data.training.inputs.prefix(rows * data.training.featureCount))
        let probe = before.converted(to: before.dtype)
        do {
            let old = try probe.predict(inputs, rows: rows)
            let new = try after.converted(to: after.dtype).predict(inputs, rows: rows)
            let largest = zip(old, new).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
            return
                "the outputs on the first \(rows) examples of \(data.name) before and after differ by at most "
                + ValueFormatter(digits: 3).format(largest)
                + (before.dtype == .float32 ? " (Float32 rounding)" : "")
        } catch {
            return nil
        }
    }
}
