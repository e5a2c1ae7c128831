import Engine
import Render

/// Resolves dotted paths to values: `xor`, `xor.L1`, `xor.L1.W`, `xor.L1.W.grad`, `xor.L1.delta`,
/// `xor.history`, `xor.history.loss`, `ring`, `ring.inputs`.
struct PathResolver {
    let state: SessionState

    private var tables: NetTables { NetTables(digits: state.digits) }

    func resolve(_ parts: [String], at range: SourceRange) throws(LanguageError) -> Value {
        let head = parts[0]
        if let record = state.nets[head] {
            return try resolve(net: record, Array(parts.dropFirst()), at: range)
        }
        if let record = state.datasets[head] {
            return try resolve(data: record, Array(parts.dropFirst()), at: range)
        }
        throw LanguageError.unknownName(what: "name", name: head, candidates: state.knownNames, at: range)
    }

    /// The parameter tensor a path names (`xor.L1.W`), for `set`, `heatmap`, `freeze`.
    func parameter(_ parts: [String], at range: SourceRange) throws(LanguageError) -> (NetRecord, Tensor) {
        guard let record = state.nets[parts[0]] else {
            throw LanguageError.unknownName(
                what: "net", name: parts[0], candidates: state.netOrder, at: range)
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
            throw LanguageError.notAllowed(
                why: "'\(parts.joined(separator: "."))' is not a parameter",
                notes: [
                    "parameters: "
                        + record.network.parameters.map { "\(record.name).\($0.name)" }.joined(
                            separator: ", ")
                ], at: range)
        }
        let layer = try self.layer(record, parts[1], at: range)
        return (record, try parameter(of: layer, named: parts[2], in: record, at: range))
    }

    /// The tensors a path covers: a whole net, a layer, or one parameter (for freeze/unfreeze).
    func tensors(_ parts: [String], at range: SourceRange) throws(LanguageError) -> [Tensor] {
        guard let record = state.nets[parts[0]] else {
            throw LanguageError.unknownName(
                what: "net", name: parts[0], candidates: state.netOrder, at: range)
        }
        switch parts.count {
        case 1: return record.network.parameters
        case 2: return try layer(record, parts[1], at: range).parameters
        default: return [try parameter(parts, at: range).1]
        }
    }

    private func resolve(net record: NetRecord, _ rest: [String], at range: SourceRange) throws(LanguageError)
        -> Value
    {
        guard let first = rest.first else { return try rendered { try tables.summary(record) } }
        switch first {
        case "history":
            guard rest.count > 1 else { return try rendered { try tables.history(record) } }
            guard let column = record.history.column(rest[1]) else {
                throw LanguageError.unknownName(
                    what: "history column", name: rest[1], candidates: TrainingHistory.columns, at: range)
            }
            return .list(column.map(Value.number))
        case "loss":
            return .string(tables.lossName(record))
        case "steps":
            return .number(Double(record.steps))
        case "epochs":
            return .number(Double(record.epochs))
        case "optim":
            return try rendered { try tables.optimizer(record) }
        default:
            break
        }
        let layer = try self.layer(record, first, at: range)
        let layerPath = "\(record.name).\(layer.name)"
        guard rest.count > 1 else {
            return try rendered {
                Rendering.stacked(
                    try layer.parameters.map {
                        try tables.matrix("\(record.name).\($0.name)", values: $0.scalars, shape: $0.shape)
                    })
            }
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
        let tensor: Tensor
        if let found = nestedEnd.flatMap({ nested(layer, rest[1...$0].joined(separator: ".")) }) {
            tensor = found
        } else {
            tensor = try parameter(of: layer, named: quantity, in: record, at: range)
        }
        let tail = Array(rest.dropFirst((nestedEnd ?? 1) + 1))
        switch tail.count {
        case 0:
            return .tensor(name: "\(record.name).\(tensor.name)", values: tensor.scalars, shape: tensor.shape)
        case 1 where tail[0] == "grad":
            guard let grad = tensor.grad else {
                if tensor.isFrozen {
                    throw LanguageError.lacks(
                        owner: "\(record.name).\(tensor.name)", what: "gradient: it is frozen",
                        remedy: "unfreeze it to give it one (as requires_grad=True in PyTorch)", at: range)
                }
                throw LanguageError.lacks(
                    owner: "\(record.name).\(tensor.name)", what: "gradient yet",
                    remedy: "run backward, step or train first", at: range)
            }
            return .tensor(name: "\(record.name).\(tensor.name).grad", values: grad, shape: tensor.shape)
        default:
            throw LanguageError.unknownName(what: "part", name: tail[0], candidates: ["grad"], at: range)
        }
    }

    /// A table or matrix the renderer draws; its errors cross the seam unplaced, so the session
    /// points them at the statement.
    private func rendered(_ draw: () throws -> Rendering) throws(LanguageError) -> Value {
        do { return .rendered(try draw()) } catch { throw LanguageError(error, at: nil) }
    }

    /// The parameter of `layer` whose name below the layer's is `name` (`attn.proj.W` of L2).
    private func nested(_ layer: any Layer, _ name: String) -> Tensor? {
        layer.parameters.first { $0.name.lowercased() == "\(layer.name).\(name)".lowercased() }
    }

    private func traceValue(
        _ record: NetRecord, layer: any Layer, quantity: NetTables.TraceQuantity, path: String,
        at range: SourceRange
    ) throws(LanguageError) -> Value {
        guard let pass = record.lastPass,
            let index = record.network.layers.firstIndex(where: { $0 === layer })
        else {
            throw LanguageError.notAllowed(
                why: "\(path) is not known yet",
                notes: [
                    record.steps > 0
                        ? "the last train batch was too large to keep; run forward, or step batch=N"
                        : "run forward, step or train first"
                ], at: range)
        }
        // The values the last forward, backward, step or train showed, kept with the net.
        let values = pass.layers[index]
        switch quantity {
        case .delta:
            guard let delta = values.delta else {
                throw LanguageError.notAllowed(
                    why: "\(path) is not known yet", notes: ["run backward or step first"], at: range)
            }
            return .tensor(name: path, values: delta, shape: values.shape)
        case .a: return .tensor(name: path, values: values.output, shape: values.shape)
        case .z: return .tensor(name: path, values: values.preActivation, shape: values.shape)
        case .input: return .tensor(name: path, values: values.input, shape: values.inputShape)
        }
    }

    private func resolve(data record: DataRecord, _ rest: [String], at range: SourceRange)
        throws(LanguageError) -> Value
    {
        guard let first = rest.first else { return try rendered { try tables.data(record) } }
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
            throw LanguageError.unknownName(
                what: "part of a data set", name: first, candidates: ["inputs", "targets", "count"], at: range
            )
        }
    }

    private func layer(_ record: NetRecord, _ name: String, at range: SourceRange) throws(LanguageError)
        -> any Layer
    {
        guard let layer = record.network.layer(named: name) else {
            let valid = record.network.layers.map(\.name) + ["history", "loss", "steps", "epochs", "optim"]
            throw LanguageError.unknownMember(
                owner: "net '\(record.name)'", what: "layer", name: name, candidates: valid, at: range)
        }
        return layer
    }

    private func parameter(
        of layer: any Layer, named name: String, in record: NetRecord, at range: SourceRange
    ) throws(LanguageError) -> Tensor {
        let shortNames = layer.parameters.map { String($0.name.dropFirst(layer.name.count + 1)) }
        guard let index = shortNames.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
            throw LanguageError.unknownMember(
                owner: "layer \(record.name).\(layer.name)", what: "parameter", name: name,
                candidates: shortNames + ["z", "a", "delta", "input"], at: range)
        }
        return layer.parameters[index]
    }

    private func extra(_ rest: [String], at range: SourceRange) -> LanguageError {
        LanguageError.notAllowed(why: "'\(rest.joined(separator: "."))' goes one part too far", at: range)
    }
}
