/// Why a net could not be exported to PyTorch (`TorchExport`); the Language words each case.
public enum TorchExportError: Error, Sendable, Equatable {
    /// A layer of a kind the bridge has no PyTorch module for (by its name and Swift type).
    case layerNotExportable(layer: String, kind: String)
    /// A net with LoRA adapters (the maps named), which model.py has no lora modules for.
    case adaptersNotExportable(maps: [String])
    /// An optimizer the bridge does not carry over (by its engine type), and those it does.
    case optimizerNotExportable(kind: String, supported: [String])
    /// torch.optim.SGD takes Nesterov momentum only with a momentum and no dampening.
    case nesterovNeedsPlainMomentum(momentum: Double, dampening: Double)
    /// The weights' checkpoint could not be made.
    case checkpoint(CheckpointError)
    /// The folder's parent does not exist.
    case missingParent(path: String)
    /// The path names something that is not a folder.
    case notADirectory(path: String)
    /// The folder holds files an export did not write, which replacing it would delete.
    case foreignFiles(path: String, files: [String])
    /// An optimizer file holds another optimizer's state than the net's.
    case optimizerStateMismatch(file: String, net: String)
    /// An optimizer file holds a tensor that is no buffer of this optimizer for any parameter.
    case unexpectedOptimizerTensor(name: String, optimizer: String)
    /// An optimizer file's buffer has another shape than its parameter's (in PyTorch's layout).
    case optimizerTensorShape(name: String, expected: [Int], found: [Int])
    /// An optimizer file's buffer holds NaN or infinity, or a step that is not a whole count.
    case nonFiniteOptimizerTensor(name: String)
    /// Writing a file or moving the folder into place failed.
    case writeFailed(path: String, reason: String)
}
