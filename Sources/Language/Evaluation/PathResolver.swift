import Engine
import Render

/// Resolves dotted paths to values: `xor`, `xor.L1`, `xor.L1.W`, `xor.L1.W.grad`, `xor.L1.delta`,
/// `xor.history`, `xor.history.loss`, `ring`, `ring.inputs`.
struct PathResolver {
    let state: SessionState

    private var tables: NetTables { NetTables(digits: state.digits) }

    func resolve(_ parts: [String], at range: SourceRange) throws -> Value {
        let head = parts[0]
        if let record = state.nets[head] {
            return try resolve(net: record, Array(parts.dropFirst()), at: range)
        }
        if let record = state.datasets[head] {
            return try resolve(data: record, Array(parts.dropFirst()), at: range)
        }
        throw Diagnostic.unknown("name", head, at: range, among: state.knownNames)
    }

    /// The parameter tensor a path names (`xor.L1.W`), for `set`, `heatmap`, `freeze`.
    func parameter(_ parts: [String], at range: SourceRange) throws -> (NetRecord, Tensor) {
        guard let record = state.nets[parts[0]] else {
            throw Diagnostic.unknown("net", parts[0], at: range, among: state.netOrder)
        }
        if parts.count > 3,
            let found = state.nets[parts[0]].flatMap({ record in
                record.network.layer(named: parts[1]).flatMap {
                    nested($0, parts[2...].joined(separator: "."))
                }
            })
        {
            return (record, found)
        }
        guard parts.count == 3 else {
            throw Diagnostic(
                .valueError, "'\(parts.joined(separator: "."))' is not a parameter", at: range,
                notes: [
                    "parameters: "
                        + record.network.parameters.map { "\(record.name).\($0.name)" }.joined(
                            separator: ", ")
                ])
        }
        let layer = try self.layer(record, parts[1], at: range)
        return (record, try parameter(of: layer, named: parts[2], in: record, at: range))
    }

    /// The tensors a path covers: a whole net, a layer, or one parameter (for freeze/unfreeze).
    func tensors(_ parts: [String], at range: SourceRange) throws -> [Tensor] {
        guard let record = state.nets[parts[0]] else {
            throw Diagnostic.unknown("net", parts[0], at: range, among: state.netOrder)
        }
        switch parts.count {
        case 1: return record.network.parameters
        case 2: return try layer(record, parts[1], at: range).parameters
        default: return [try parameter(parts, at: range).1]
        }
    }

    private func resolve(net record: NetRecord, _ rest: [String], at range: SourceRange) throws -> Value {
        guard let first = rest.first else { return .rendered(try tables.summary(record)) }
        switch first {
        case "history":
            guard rest.count > 1 else { return .rendered(try tables.history(record)) }
            guard let column = record.history.column(rest[1]) else {
                throw Diagnostic.unknown("history column", rest[1], at: range, among: TrainingHistory.columns)
            }
            return .list(column.map(Value.number))
        case "loss":
            return .string(tables.lossName(record))
        case "steps":
            return .number(Double(record.steps))
        case "epochs":
            return .number(Double(record.epochs))
        case "optim":
            return .rendered(try tables.optimizer(record))
        default:
            break
        }
        let layer = try self.layer(record, first, at: range)
        let layerPath = "\(record.name).\(layer.name)"
        guard rest.count > 1 else {
            return .rendered(
                Rendering.stacked(
                    try layer.parameters.map {
                        try tables.matrix("\(record.name).\($0.name)", values: $0.scalars, shape: $0.shape)
                    }))
        }
        let quantity = rest[1]
        if let trace = NetTables.TraceQuantity(rawValue: quantity) {
            guard rest.count == 2 else { throw extra(rest, at: range) }
            return try traceValue(
                record, layer: layer, quantity: trace, path: "\(layerPath).\(quantity)", at: range)
        }
        // A block's parameters are nested (`attn.W`, `mlp.fc.b`): the longest run of parts naming one.
        let nestedEnd = (2..<rest.count).reversed().first {
            nested(layer, rest[1...$0].joined(separator: ".")) != nil
        }
        let tensor =
            try nestedEnd.flatMap { nested(layer, rest[1...$0].joined(separator: ".")) }
            ?? parameter(of: layer, named: quantity, in: record, at: range)
        let tail = Array(rest.dropFirst((nestedEnd ?? 1) + 1))
        switch tail.count {
        case 0:
            return .tensor(name: "\(record.name).\(tensor.name)", values: tensor.scalars, shape: tensor.shape)
        case 1 where tail[0] == "grad":
            guard let grad = tensor.grad else {
                throw Diagnostic(
                    .valueError, "\(record.name).\(tensor.name) has no gradient yet", at: range,
                    notes: ["run backward, step or train first"])
            }
            return .tensor(name: "\(record.name).\(tensor.name).grad", values: grad, shape: tensor.shape)
        default:
            throw Diagnostic.unknown("part", tail[0], at: range, among: ["grad"])
        }
    }

    /// The parameter of `layer` whose name below the layer's is `name` (`attn.proj.W` of L2).
    private func nested(_ layer: any Layer, _ name: String) -> Tensor? {
        layer.parameters.first { $0.name.lowercased() == "\(layer.name).\(name)".lowercased() }
    }

    private func traceValue(
        _ record: NetRecord, layer: any Layer, quantity: NetTables.TraceQuantity, path: String,
        at range: SourceRange
    ) throws -> Value {
        guard let pass = record.lastPass,
            let index = record.network.layers.firstIndex(where: { $0 === layer })
        else {
            throw Diagnostic(
                .valueError, "\(path) is not known yet", at: range,
                notes: [
                    record.steps > 0
                        ? "the last train batch was too large to keep; run forward, or step batch=N"
                        : "run forward, step or train first"
                ])
        }
        // The values the last forward, backward, step or train showed, kept with the net.
        let values = pass.layers[index]
        switch quantity {
        case .delta:
            guard let delta = values.delta else {
                throw Diagnostic(
                    .valueError, "\(path) is not known yet", at: range, notes: ["run backward or step first"])
            }
            return .tensor(name: path, values: delta, shape: values.shape)
        case .a: return .tensor(name: path, values: values.output, shape: values.shape)
        case .z: return .tensor(name: path, values: values.preActivation, shape: values.shape)
        case .input: return .tensor(name: path, values: values.input, shape: values.inputShape)
        }
    }

    private func resolve(data record: DataRecord, _ rest: [String], at range: SourceRange) throws -> Value {
        guard let first = rest.first else { return .rendered(try tables.data(record)) }
        let dataset = record.training
        switch first {
        case "inputs":
            return .tensor(
                name: "\(record.name).inputs", values: dataset.inputs,
                shape: [dataset.count, dataset.featureCount])
        case "targets":
            return .tensor(
                name: "\(record.name).targets", values: dataset.targets,
                shape: [dataset.count, dataset.targetWidth])
        case "count":
            return .number(Double(dataset.count))
        default:
            throw Diagnostic.unknown(
                "part of a data set", first, at: range, among: ["inputs", "targets", "count"])
        }
    }

    private func layer(_ record: NetRecord, _ name: String, at range: SourceRange) throws -> any Layer {
        guard let layer = record.network.layer(named: name) else {
            let valid = record.network.layers.map(\.name) + ["history", "loss", "steps", "epochs", "optim"]
            throw Diagnostic.unknown("layer", name, at: range, among: valid)
                .with(message: "net '\(record.name)' has no layer '\(name)'")
        }
        return layer
    }

    private func parameter(
        of layer: any Layer, named name: String, in record: NetRecord, at range: SourceRange
    ) throws -> Tensor {
        let shortNames = layer.parameters.map { String($0.name.dropFirst(layer.name.count + 1)) }
        guard let index = shortNames.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
            throw Diagnostic.unknown(
                "parameter", name, at: range, among: shortNames + ["z", "a", "delta", "input"]
            ).with(message: "layer \(record.name).\(layer.name) has no parameter '\(name)'")
        }
        return layer.parameters[index]
    }

    private func extra(_ rest: [String], at range: SourceRange) -> Diagnostic {
        Diagnostic(.valueError, "'\(rest.joined(separator: "."))' goes one part too far", at: range)
    }
}
