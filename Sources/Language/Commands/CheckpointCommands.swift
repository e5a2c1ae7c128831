import Engine
import Foundation

/// `save NET "FILE"` and `load NET "FILE"`: safetensors with PyTorch's nn.Sequential names,
/// so `torch.nn.Sequential(...).load_state_dict(safetensors.torch.load_file(FILE))` works both ways.
enum CheckpointCommands {
    static func save(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let (record, path, pathRange) = try operands(command, in: context)
        let layout = try self.layout(of: record, at: command.arguments[0].range)
        let parameters = try record.network.denseLayers.enumerated().map { index, layer in
            try DenseLayerParameters(
                inputCount: layer.inputWidth, outputCount: layer.outputWidth, weights: layer.weight.scalars,
                bias: layer.bias.scalars, layer: index + 1)
        }
        let metadata = [
            Checkpoint.networkSpecKey: record.network.spec.description,
            Checkpoint.trainingStepKey: String(record.steps),
        ]
        do {
            let checkpoint = try layout.checkpoint(
                from: parameters, dtype: record.network.dtype == .float64 ? .f64 : .f32, metadata: metadata)
            try SafetensorsFile.write(checkpoint, to: URL(fileURLWithPath: path))
        } catch {
            throw Diagnostic(.fileError, naming(path, in: error).description, at: pathRange)
        }
        context.output.write("saved \(record.name) to \(path)\n", to: .stdout)
    }

    static func load(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let (record, path, pathRange) = try operands(command, in: context)
        let layout = try self.layout(of: record, at: command.arguments[0].range)
        let parameters: [DenseLayerParameters]
        do {
            let checkpoint = try SafetensorsFile.read(from: URL(fileURLWithPath: path))
            parameters = try layout.parameters(from: checkpoint)
        } catch {
            if case .architectureMismatch = error {
                throw Diagnostic(.shapeError, error.description, at: pathRange)
            }
            throw Diagnostic(.fileError, naming(path, in: error).description, at: pathRange)
        }
        try refuseNonFinite(parameters, of: record, path: path, at: pathRange)
        for (layer, loaded) in zip(record.network.denseLayers, parameters) {
            try layer.weight.assign(loaded.weights)
            try layer.bias.assign(loaded.bias)
        }
        context.output.write("loaded \(record.name) from \(path)\n", to: .stdout)
    }

    /// A checkpoint holding NaN or infinity (or, for a Float32 net, values past Float32's range,
    /// which would become infinite) would silently poison every later step; it is refused
    /// before anything is assigned, naming each tensor and what it holds.
    private static func refuseNonFinite(
        _ parameters: [DenseLayerParameters], of record: NetRecord, path: String, at range: SourceRange
    ) throws {
        let isFloat32 = record.network.dtype == .float32
        let limit = isFloat32 ? Double(Float.greatestFiniteMagnitude) : .greatestFiniteMagnitude
        var findings: [String] = []
        for (layer, loaded) in zip(record.network.denseLayers, parameters) {
            for (name, values) in [("W", loaded.weights), ("b", loaded.bias)] {
                let nan = values.count(where: \.isNaN)
                let infinite = values.count(where: { !$0.isNaN && ($0.isInfinite || abs($0) > limit) })
                guard nan + infinite > 0 else { continue }
                var parts: [String] = []
                if nan > 0 { parts.append("\(nan) NaN") }
                if infinite > 0 {
                    parts.append("\(infinite) infinite" + (isFloat32 ? " or past Float32's range" : ""))
                }
                findings.append("\(layer.name).\(name): " + parts.joined(separator: ", "))
            }
        }
        guard !findings.isEmpty else { return }
        throw Diagnostic(
            .valueError,
            "\(path) holds values that are not finite numbers; net '\(record.name)' is unchanged",
            at: range,
            notes: findings + ["a checkpoint saved after a diverged run holds them; save an earlier one"])
    }

    /// The error with the file named as the user wrote it rather than as the absolute path the
    /// engine opened: shorter, and the same on every machine.
    private static func naming(_ path: String, in error: CheckpointError) -> CheckpointError {
        switch error {
        case .writeFailed(_, let reason): return .writeFailed(path: path, reason: reason)
        case .fileUnreadable(_, let reason): return .fileUnreadable(path: path, reason: reason)
        default: return error
        }
    }

    private static func operands(
        _ command: CommandStatement, in context: ExecutionContext
    ) throws -> (NetRecord, String, SourceRange) {
        let netExpression = try ArgumentReader.expression(command, at: 0)
        guard let name = netExpression.name else {
            throw Diagnostic(.syntaxError, "expected the name of a net", at: netExpression.range)
        }
        let record = try context.netRecord(name, at: netExpression.range)
        let pathExpression = try ArgumentReader.expression(command, at: 1)
        guard case .string(let path) = pathExpression.kind else {
            throw Diagnostic(.syntaxError, "expected the file name as a string", at: pathExpression.range)
        }
        return (record, path, pathExpression.range)
    }

    /// The nn.Sequential layout of a net: each Linear, then its activation and any dropout modules.
    private static func layout(of record: NetRecord, at range: SourceRange) throws
        -> SequentialCheckpointLayout
    {
        var shapes: [SequentialLayerShape] = []
        for layer in record.network.layers {
            if let dense = layer as? DenseLayer {
                shapes.append(
                    SequentialLayerShape(
                        inputCount: dense.inputWidth, outputCount: dense.outputWidth,
                        modulesAfter: dense.activation == .identity ? 0 : 1))
            } else if layer is DropoutLayer, let last = shapes.popLast() {
                shapes.append(
                    SequentialLayerShape(
                        inputCount: last.inputCount, outputCount: last.outputCount,
                        modulesAfter: last.modulesAfter + 1))
            } else {
                throw Diagnostic(
                    .valueError,
                    "net '\(record.name)' has a \(layer.name) layer that checkpoints do not hold yet",
                    at: range)
            }
        }
        return SequentialCheckpointLayout(layers: shapes)
    }
}
