import Engine

extension SessionState {
    /// What each net and data set holds, in the order `list` shows them, then the results kept for export.
    var heldMemory: [(kind: String, name: String, bytes: Int)] {
        netOrder.compactMap { name in nets[name].map { ("net", name, $0.heldBytes) } }
            + dataOrder.compactMap { name in datasets[name].map { ("data", name, $0.heldBytes) } }
            + lastResults.keys.sorted().compactMap { name in
                lastResults[name].map { ("result", name, $0.heldBytes) }
            }
    }

    /// Everything the session holds, in bytes.
    var heldBytes: Int { heldMemory.reduce(0) { $0.addingSaturated($1.bytes) } }
}

extension NetRecord {
    /// Parameters and gradients, the optimizer's state (counted in full from the `net` or `optim`
    /// that chose it), the plans kept for each batch size, the history and the starting weights.
    var heldBytes: Int {
        network.parameterByteCount.addingSaturated(optimizerStateBytes(optimizer))
            .addingSaturated(network.planByteCount).addingSaturated(history.byteCount)
            .addingSaturated(start?.byteCount ?? 0)
    }

    /// The state `choice` keeps for this net's parameters.
    func optimizerStateBytes(_ choice: OptimizerChoice) -> Int {
        network.parameterByteCount / 2 * choice.stateBuffers
    }
}

extension DataRecord {
    /// Inputs and targets of both parts, as `Double`s.
    var heldBytes: Int {
        ([training] + (validation.map { [$0] } ?? [])).reduce(0) {
            $0 + ($1.inputs.count + $1.targets.count) * MemoryLayout<Double>.stride
        }
    }
}

extension TrainingHistory {
    /// The records, their gradient norms and layer quantiles; bounded by the capacity.
    var byteCount: Int {
        records.reduce(0) {
            $0 + MemoryLayout<Record>.stride + 32 + 8 * $1.gradientNorms.count
                + $1.distributions.count * 3 * 8 * LayerDistribution.levels
        }
    }
}

extension ShownResult {
    /// The shown text in its three forms and the table's cells, about 40 bytes a cell.
    var heldBytes: Int {
        let text =
            rendering.plain.utf8.count + (rendering.html?.utf8.count ?? 0)
            + (rendering.markdown?.utf8.count ?? 0)
        return text.addingSaturated(table.rows.count.multipliedSaturated(table.columns.count * 40))
    }
}
