import Engine

extension EngineMessages {
    /// One sentence saying why `export torch` refused, with what would be right.
    static func text(_ error: TorchExportError) -> String {
        switch error {
        case .layerNotExportable(let layer, let kind):
            "layer \(layer) (\(kind)) has no PyTorch module in export torch; it exports dense layers with "
                + "any activation, layernorm, dropout, embed, embed positions, attention, block and tied output layers"
        case .adaptersNotExportable(let maps):
            "the net has LoRA adapters (on " + maps.joined(separator: ", ")
                + "), which model.py has no modules "
                + "for: merge the net first to export the merged weights, or save its adapters alone with "
                + "save NET \"DIR\" adapters for PEFT"
        case .optimizerNotExportable(let kind, let supported):
            "the \(kind) optimizer is not carried over to torch.optim; export torch carries "
                + supported.joined(separator: ", ") + " (choose one with optim)"
        case .nesterovNeedsPlainMomentum(let momentum, let dampening):
            "torch.optim.SGD takes nesterov only with momentum > 0 and dampening 0, and this net's SGD has "
                + "momentum \(ValueFormatter(digits: 6).format(momentum)) and dampening "
                + "\(ValueFormatter(digits: 6).format(dampening))"
        case .checkpoint(let error):
            text(error)
        case .missingParent(let path):
            "the folder \(path) does not exist; make it first, or export into an existing folder"
        case .notADirectory(let path):
            "\(path) is a file, not a folder; give export torch a folder name"
        case .foreignFiles(let path, let files):
            "\(path) holds files export torch did not write (\(files.prefix(3).joined(separator: ", "))"
                + (files.count > 3 ? ", ..." : "")
                + "), which replacing it would delete; give a new or empty folder"
        case .optimizerStateMismatch(let file, let net):
            "the file holds \(file) state but the net trains with \(net); choose optim \(file) first, "
                + "or load the weights alone"
        case .unexpectedOptimizerTensor(let name, let optimizer):
            "'\(name)' is not a buffer of \(optimizer) for any of the net's parameters"
        case .optimizerTensorShape(let name, let expected, let found):
            "'\(name)' has shape \(TorchExportMessages.shape(found)), expected \(TorchExportMessages.shape(expected))"
        case .nonFiniteOptimizerTensor(let name):
            "'\(name)' holds values that are not finite numbers (or a step that is not a whole count)"
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}

/// The words' helpers for the bridge's messages.
private enum TorchExportMessages {
    /// `[3, 2]` as the checkpoint messages write shapes.
    static func shape(_ dimensions: [Int]) -> String {
        "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
    }
}
