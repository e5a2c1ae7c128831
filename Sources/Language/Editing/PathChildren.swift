import Engine

/// What may follow a dotted path, for completion: layers of a net, parameters of a layer, and so on.
struct PathChildren {
    let state: SessionState

    static let netFields = ["history", "loss", "steps", "epochs", "optim"]
    static let layerFields = ["z", "a", "delta", "input"]
    static let dataFields = ["inputs", "targets", "count"]

    func children(of parts: [String]) -> [String] {
        guard let head = parts.first else { return [] }
        if state.datasets[head] != nil, state.nets[head] == nil {
            return parts.count == 1 ? Self.dataFields : []
        }
        guard let record = state.nets[head] else { return [] }
        switch parts.count {
        case 1:
            return record.network.layers.map(\.name) + Self.netFields
        case 2 where parts[1] == "history":
            return TrainingHistory.columns
        case 2:
            guard let layer = record.network.layer(named: parts[1]) else { return [] }
            return layer.parameters.map { String($0.name.split(separator: ".").last ?? "") }
                + Self.layerFields
        case 3 where !Self.layerFields.contains(parts[2]):
            return ["grad"]
        default:
            return []
        }
    }
}
