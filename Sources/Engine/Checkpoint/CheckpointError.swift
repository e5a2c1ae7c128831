/// Everything that can go wrong reading, writing or matching a checkpoint.
///
/// Cases carry the data a message needs; the Language words them
/// (`EngineMessages+Checkpoint.swift`).
public enum CheckpointError: Error, Sendable, Equatable {
    // Building a checkpoint in memory.
    case valueCountMismatch(name: String, shape: [Int], valueCount: Int)
    case duplicateTensorName(name: String)
    case reservedTensorName(name: String)
    case dtypeNotWritable(name: String, dtype: SafetensorsDType)

    // Reading a file; offsets count bytes from the start of the data section.
    case fileUnreadable(path: String, reason: String)
    case truncatedFile(byteCount: Int)
    case headerTooLarge(headerLength: UInt64, limit: Int)
    case headerBeyondFile(headerLength: UInt64, fileSize: Int)
    case badHeaderJSON(reason: String)
    case malformedEntry(name: String, reason: String)
    case badMetadata(key: String)
    case unknownDType(name: String, dtype: String, known: [String])
    case offsetsOutOfRange(name: String, begin: Int, end: Int, dataSize: Int)
    case byteSizeMismatch(
        name: String, shape: [Int], dtype: SafetensorsDType, expectedBytes: Int, actualBytes: Int)
    case overlappingTensors(first: String, second: String)
    case unindexedBytes(begin: Int, end: Int)

    // Writing a file.
    case writeFailed(path: String, reason: String)

    // Matching a network.
    case architectureMismatch(differences: [ArchitectureDifference])
    /// A strict read found tensors missing, unexpected or of other shapes; the spec
    /// differences say where the net the file was saved from differs.
    case networkMismatch(differences: [ArchitectureDifference], specDifferences: [SpecDifference])
    /// A layer (by name) of a kind checkpoints do not hold yet.
    case unsupportedLayer(layer: String)
    /// A renaming names a layer the net has no Dense layer of that name for.
    case unknownMappedLayer(layer: String, valid: [String])
    /// The file would load NaN or infinity into these parameters.
    case nonFiniteValues(findings: [NonFiniteFinding])
    /// Adapters alone were asked of a net that has none.
    case noAdapters
}

/// One way a checkpoint differs from the tensors a network expects.
public enum ArchitectureDifference: Sendable, Equatable {
    /// The network needs this tensor and the file lacks it.
    case missing(name: String, shape: [Int])
    /// The file has a tensor the network does not use.
    case unexpected(name: String, shape: [Int])
    /// Both have the tensor, with different shapes.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
}
