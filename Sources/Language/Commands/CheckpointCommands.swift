import Engine
import Foundation

/// `save NET "FILE"` and `load NET "FILE"`: safetensors with PyTorch's nn.Sequential names,
/// so `torch.nn.Sequential(...).load_state_dict(safetensors.torch.load_file(FILE))` works both ways.
/// The engine's `NetworkCheckpoint` owns the layout and the metadata; these resolve the net and
/// the file, call it, and word its errors.
enum CheckpointCommands {
    static func save(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let (record, netRange, path, pathRange) = try context.netAndPath(command, at: 0, noun: "file")
        if command.arguments.count == 3 {
            let what = try ArgumentReader.expression(command, at: 2)
            guard what.name == "adapters" else {
                throw LanguageError.argumentForm(
                    command: "save", takes: "'adapters' after the file, to write the LoRA adapters alone",
                    notes: ["usage: save NET \"FILE\" [adapters]"], at: what.range)
            }
            if let option = command.option("optimizer") {
                throw LanguageError.notAllowed(
                    why:
                        "optimizer= saves the state of a whole net's optimizer, and adapters saves the adapters alone",
                    notes: ["save the net without adapters to keep its optimizer state too"],
                    at: option.nameRange)
            }
            return try saveAdapters(
                record, path: path, pathRange: pathRange, netRange: netRange, in: &context)
        }
        let mapping = try self.mapping(of: record, at: command.arguments[0].range)
        // The optimizer's state is made ready before either file is written, so a refusal
        // writes nothing.
        let state = try optimizerState(command, of: record, mapping: mapping)
        do {
            try mapping.write(
                to: URL(fileURLWithPath: path),
                counts: NetworkCheckpoint.Counts(steps: record.steps, epochs: record.epochs))
        } catch {
            throw LanguageError.engine(.checkpointFile(naming(path, in: error)), at: pathRange)
        }
        var text = "saved \(record.name) to \(path)"
        if let state {
            do {
                try SafetensorsFile.write(state.checkpoint, to: URL(fileURLWithPath: state.path))
            } catch {
                throw LanguageError.engine(.checkpointFile(naming(state.path, in: error)), at: state.range)
            }
            let tensors = state.checkpoint.tensors.count
            text +=
                ", and its \(record.optimizer.name) state (\(tensors) tensor\(tensors == 1 ? "" : "s")"
                + (tensors == 0 ? ": it has not stepped yet" : "") + ") to \(state.path)"
        }
        context.output.write(text + "\n", to: .stdout)
    }

    /// `optimizer="FILE"` of `save`: the net's optimizer state in PyTorch's layout, as `export
    /// torch` writes `optimizer.safetensors`, and where it goes. A net that has not stepped has
    /// no state yet, and its file holds no tensors.
    private static func optimizerState(
        _ command: CommandStatement, of record: NetRecord, mapping: NetworkCheckpoint
    ) throws -> (checkpoint: Checkpoint, path: String, range: SourceRange)? {
        guard let option = command.option("optimizer"), case .string(let path) = option.value.kind else {
            return nil
        }
        if record.rule != .backprop {
            throw LanguageError.notAllowed(
                why:
                    "net '\(record.name)' learns by the \(record.rule == .perceptron ? "perceptron" : "LMS") rule, which keeps no optimizer state to save",
                notes: ["save the net's weights alone: save \(record.name) \"FILE\""], at: option.nameRange)
        }
        do {
            let export = try TorchOptimizerExport(
                record.optimizerInstance ?? record.optimizer.makeOptimizer(), checkpoint: mapping)
            return (try export.checkpoint(step: record.steps), path, option.value.range)
        } catch let error as TorchExportError {
            throw LanguageError.engine(.torchExport(error), at: option.value.range)
        } catch let error as CheckpointError {
            throw LanguageError.engine(.checkpointFile(error), at: option.value.range)
        }
    }

    /// `save NET "FILE" adapters`: PEFT's `adapter_model.safetensors` layout in FILE and its
    /// `adapter_config.json` in FILE's directory.
    private static func saveAdapters(
        _ record: NetRecord, path: String, pathRange: SourceRange, netRange: SourceRange,
        in context: inout ExecutionContext
    ) throws {
        let adapters: AdapterCheckpoint
        do {
            adapters = try AdapterCheckpoint(record.network)
        } catch .noAdapters {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "LoRA adapters to save",
                remedy: "add them with lora \(record.name).LAYER r=R, or save the whole net without adapters",
                at: netRange)
        } catch {
            throw LanguageError.engine(.checkpointFile(naming(path, in: error)), at: pathRange)
        }
        // A path that is not a .safetensors file is the directory PEFT's from_pretrained reads.
        let isDirectory = !path.lowercased().hasSuffix(".safetensors")
        let file = isDirectory ? (path as NSString).appendingPathComponent("adapter_model.safetensors") : path
        let url = URL(fileURLWithPath: file)
        do {
            if isDirectory {
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path), withIntermediateDirectories: true)
            }
            try adapters.write(to: url)
        } catch let error as CheckpointError {
            throw LanguageError.engine(.checkpointFile(naming(file, in: error)), at: pathRange)
        } catch {
            throw LanguageError.file(
                .directoryNotMade(path: path, reason: error.localizedDescription), at: pathRange)
        }
        let values = record.network.adapterParameters.reduce(0) { $0 + $1.count }
        let whole = record.network.parameters.reduce(0) { $0 + $1.count } - values
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
        let configPath = ((file as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(AdapterCheckpoint.configFileName)
        var text =
            "saved the \(adapters.modules.count) LoRA adapter\(adapters.modules.count == 1 ? "" : "s") of "
            + "\(record.name) to \(file): \(values) values in \(record.network.dtype == .float64 ? "f64" : "f32")"
            + (bytes.map { ", \(MemoryBudget.format($0)) on disk" } ?? "")
            + ", beside the \(whole) of the net they adapt; and their PEFT config to \(configPath)\n"
        if (file as NSString).lastPathComponent != "adapter_model.safetensors" {
            text +=
                "note: PeftModel.from_pretrained reads adapter_model.safetensors from a directory; save to a "
                + "directory (a path without .safetensors) to write that name\n"
        }
        context.output.write(text, to: .stdout)
    }

    /// `load NET "FILE" [strict=false] [map="L2=4"] [resume=false]`: the tensors, and when all
    /// of them were loaded the step and epoch counts the file holds (unless `resume=false`). Strict (the default) refuses any
    /// difference and changes nothing; not strict, it loads what matches and lists what it
    /// skipped. `map=` gives layers the file's module names.
    static func load(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        let (found, _, path, pathRange) = try context.netAndPath(command, at: 0, noun: "file")
        var record = found
        let mapping = try self.mapping(of: record, at: command.arguments[0].range, command: command)
        let strict = OptionReader.boolean(command, "strict") ?? true
        let report: CheckpointReadReport
        do {
            report = try mapping.read(from: URL(fileURLWithPath: path), strict: strict)
        } catch {
            throw diagnostic(for: error, record: record, path: path, at: pathRange)
        }
        var lines: [String] = []
        // resume=false starts a fine-tuning's own count from the loaded weights.
        let resumes = OptionReader.boolean(command, "resume") ?? true
        if report.isComplete, !resumes {
            lines.append(
                "loaded \(record.name) from \(path); steps and epochs kept at \(record.steps) and "
                    + "\(record.epochs) (resume=false)")
        } else if report.isComplete {
            var restored: [String] = []
            if let steps = report.steps {
                record.steps = steps
                restored.append("step \(steps)")
            }
            if let epochs = report.epochs {
                record.epochs = epochs
                restored.append("epoch \(epochs)")
            }
            let counts = restored.isEmpty ? "" : " at " + restored.joined(separator: ", ")
            lines.append("loaded \(record.name) from \(path)\(counts)")
        } else {
            lines.append(
                "loaded \(report.restored.count) of \(mapping.tensorNames.count) tensors of "
                    + "\(record.name) from \(path)"
                    + (report.restored.isEmpty
                        ? "" : " (" + report.restored.map(\.parameter).joined(separator: ", ") + ")"))
            lines.append("skipped \(report.skipped.count):")
            lines += report.skipped.map { "  " + EngineMessages.text($0) }
            lines.append(
                "steps and epochs kept at \(record.steps) and \(record.epochs): the file's counts "
                    + "describe other weights")
        }
        if let line = try restoreOptimizer(command, of: &record, mapping: mapping, report: report) {
            lines.append(line)
        }
        if !report.specDifferences.isEmpty, let saved = report.savedSpec {
            lines.append("note: the file was saved from \(saved)")
            lines += report.specDifferences.map { "  " + EngineMessages.text($0) }
        }
        record.start = StartingWeights(
            step: record.steps, source: "loaded", weights: record.network.snapshot())
        context.state.nets[record.name] = record
        context.output.write(lines.joined(separator: "\n") + "\n", to: .stdout)
    }

    /// `optimizer="DIR/optimizer.safetensors"`: the optimizer state `export torch` or its
    /// train_ddp.py wrote, put into the net's optimizer (made now if it has not stepped), so a run
    /// PyTorch continued goes on here with the same moments and steps. A line for the output.
    private static func restoreOptimizer(
        _ command: CommandStatement, of record: inout NetRecord, mapping: NetworkCheckpoint,
        report: CheckpointReadReport
    ) throws -> String? {
        guard let option = command.option("optimizer"), case .string(let path) = option.value.kind else {
            return nil
        }
        guard report.isComplete else {
            throw LanguageError.notAllowed(
                why: "optimizer= restores the state of a whole net, and this load skipped tensors",
                notes: ["load every tensor (strict) to restore the optimizer too"], at: option.value.range)
        }
        let file: Checkpoint
        do {
            file = try SafetensorsFile.read(from: URL(fileURLWithPath: path))
        } catch {
            throw LanguageError.engine(.checkpointFile(naming(path, in: error)), at: option.value.range)
        }
        do {
            try TorchOptimizerExport.restore(file, into: record.optimizerForUpdate(), for: mapping)
        } catch let error as TorchExportError {
            throw LanguageError.engine(.torchExport(error), at: option.value.range)
        }
        var line = "restored the \(record.optimizer.name) state (\(file.tensors.count) tensors) from \(path)"
        if let saved = file.metadata[TorchOptimizerExport.stepKey].flatMap(Int.init), saved != record.steps {
            line +=
                "\nnote: the optimizer state is from step \(saved) and the net is at step \(record.steps): "
                + "it describes other weights"
        }
        return line
    }

    /// The words for a refused load; the net is unchanged whichever it is.
    private static func diagnostic(
        for error: CheckpointError, record: NetRecord, path: String, at range: SourceRange
    ) -> LanguageError {
        switch error {
        case .networkMismatch(let differences, let specDifferences):
            var notes = specDifferences.map { EngineMessages.text($0) }
            let adapterTensors = differences.filter {
                if case .unexpected(let name, _) = $0 { name.contains(".lora_") } else { false }
            }
            if !adapterTensors.isEmpty {
                notes.append(
                    "the file holds LoRA adapters the net has not: add them first (lora \(record.name).LAYER r=R "
                        + "with the saved r), or merge before saving")
            }
            notes.append("strict=false loads the tensors that match and lists the others")
            return LanguageError.shapeMismatch(
                why: EngineMessages.text(CheckpointError.architectureMismatch(differences: differences)),
                notes: notes, at: range)
        case .nonFiniteValues(let findings):
            return LanguageError.notAllowed(
                why: "\(path) holds values that are not finite numbers; net '\(record.name)' is unchanged",
                notes: findings.map { EngineMessages.text($0) }
                    + ["a checkpoint saved after a diverged run holds them; save an earlier one"], at: range)
        default:
            return LanguageError.engine(.checkpointFile(naming(path, in: error)), at: range)
        }
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

    /// The engine's mapping between the net and its checkpoint tensors, with `map=`'s renames.
    private static func mapping(
        of record: NetRecord, at range: SourceRange, command: CommandStatement? = nil
    ) throws -> NetworkCheckpoint {
        let option = command?.option("map")
        let modules = try option.map(renames) ?? [:]
        do {
            return try NetworkCheckpoint(record.network, modules: modules)
        } catch {
            switch error {
            case .unsupportedLayer(let layer):
                throw LanguageError.notAllowed(
                    why: "net '\(record.name)' has a \(layer) layer that checkpoints do not hold yet",
                    at: range)
            case .unknownMappedLayer(let layer, let valid):
                throw LanguageError.unknownName(
                    what: "Dense layer", name: layer, candidates: valid, at: option?.value.range)
            case .duplicateTensorName(let name):
                throw LanguageError.notAllowed(
                    why: "map= makes two layers read '\(name)'; give each layer its own module",
                    at: option?.value.range)
            default: throw error
            }
        }
    }

    /// `map="L2=4, L3=encoder.1"`: each Dense layer and the module name its tensors have in the file.
    private static func renames(_ option: OptionArgument) throws -> [String: String] {
        // The catalogue declares map= a string, and the validator has checked it is one.
        guard case .string(let text) = option.value.kind else { return [:] }
        var modules: [String: String] = [:]
        for pair in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, modules[String(parts[0])] == nil
            else {
                throw LanguageError.notAllowed(
                    why: "map= takes LAYER=MODULE pairs, one per layer, such as map=\"L2=4\"",
                    at: option.value.range)
            }
            modules[String(parts[0])] = String(parts[1])
        }
        guard !modules.isEmpty else {
            throw LanguageError.notAllowed(
                why: "map= takes LAYER=MODULE pairs, one per layer, such as map=\"L2=4\"",
                at: option.value.range)
        }
        return modules
    }
}
