import Engine

extension EngineMessages {
    /// One sentence (or a short list) saying what is wrong with a checkpoint, with the values
    /// involved: the engine's `CheckpointError` carries the values, the language its words.
    static func text(_ error: CheckpointError) -> String {
        switch error {
        case .valueCountMismatch(let name, let shape, let valueCount):
            "tensor '\(name)' has shape \(shape.shapeText) (\(shape.reduce(1, *)) values) "
                + "but \(valueCount) values"
        case .duplicateTensorName(let name):
            "tensor name '\(name)' appears twice"
        case .reservedTensorName(let name):
            "'\(name)' is reserved for the metadata and cannot name a tensor"
        case .dtypeNotWritable(let name, let dtype):
            "tensor '\(name)': \(dtype.rawValue) can be read but not written; use F32 or F64"
        case .fileUnreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        case .truncatedFile(let byteCount):
            "file is truncated: \(byteCount) bytes, fewer than the 8-byte header length"
        case .headerTooLarge(let headerLength, let limit):
            "header length \(headerLength) exceeds the \(limit)-byte limit; "
                + "this is not a safetensors file"
        case .headerBeyondFile(let headerLength, let fileSize):
            "header length \(headerLength) runs past the end of the \(fileSize)-byte file "
                + "(truncated or corrupt)"
        case .badHeaderJSON(let reason):
            "header is not valid JSON: \(reason)"
        case .malformedEntry(let name, let reason):
            "header entry '\(name)' is malformed: \(reason)"
        case .badMetadata(let key):
            "__metadata__ must map strings to strings; '\(key)' does not hold a string"
        case .unknownDType(let name, let dtype, let known):
            "tensor '\(name)' has dtype '\(dtype)'; supported: \(known.joined(separator: ", "))"
        case .offsetsOutOfRange(let name, let begin, let end, let dataSize):
            "tensor '\(name)' claims bytes \(begin)..<\(end) but the data section has \(dataSize) bytes"
        case .byteSizeMismatch(let name, let shape, let dtype, let expectedBytes, let actualBytes):
            "tensor '\(name)' of shape \(shape.shapeText) in \(dtype.rawValue) needs \(expectedBytes) bytes "
                + "but its offsets span \(actualBytes)"
        case .overlappingTensors(let first, let second):
            "tensors '\(first)' and '\(second)' overlap in the data section"
        case .unindexedBytes(let begin, let end):
            "bytes \(begin)..<\(end) of the data section belong to no tensor"
        case .writeFailed(let path, let reason):
            "cannot write '\(path)': \(reason); any existing file is unchanged"
        case .architectureMismatch(let differences):
            "checkpoint does not match the network:\n"
                + differences.map { "  " + text($0) }.joined(separator: "\n")
        case .networkMismatch(let differences, let specDifferences):
            text(CheckpointError.architectureMismatch(differences: differences))
                + specDifferences.map { "\n  " + text($0) }.joined()
        case .unsupportedLayer(let layer):
            "layer \(layer) is of a kind that checkpoints do not hold yet"
        case .unknownMappedLayer(let layer, let valid):
            "the net has no layer '\(layer)' with parameters to rename; its layers with parameters are "
                + valid.joined(separator: ", ")
        case .nonFiniteValues(let findings):
            "values that are not finite numbers:\n"
                + findings.map { "  " + text($0) }.joined(separator: "\n")
        case .noAdapters:
            "the net has no LoRA adapters to save; add them with lora, or save the whole net without adapters"
        }
    }

    /// One line naming the tensor and the shapes involved.
    static func text(_ difference: ArchitectureDifference) -> String {
        switch difference {
        case .missing(let name, let shape): "missing '\(name)' \(shape.shapeText)"
        case .unexpected(let name, let shape): "unexpected '\(name)' \(shape.shapeText)"
        case .shapeMismatch(let name, let expected, let found):
            "'\(name)' has shape \(found.shapeText), expected \(expected.shapeText)"
        }
    }

    /// `L2 is 1 sigmoid in the file, 3 sigmoid in the net`.
    static func text(_ difference: SpecDifference) -> String {
        let place = difference.place
        switch (difference.saved, difference.current) {
        case (let saved?, let current?): return "\(place) is \(saved) in the file, \(current) in the net"
        case (let saved?, nil): return "\(place) (\(saved)) is in the file, not in the net"
        case (nil, let current?): return "\(place) (\(current)) is in the net, not in the file"
        case (nil, nil): return "\(place) differs"
        }
    }

    /// `L1.W: 1 NaN, 2 infinite or past Float32's range`.
    static func text(_ finding: NonFiniteFinding) -> String {
        var parts: [String] = []
        if finding.nanCount > 0 { parts.append("\(finding.nanCount) NaN") }
        if finding.infiniteCount > 0 {
            parts.append(
                "\(finding.infiniteCount) infinite" + (finding.isFloat32 ? " or past Float32's range" : ""))
        }
        return "\(finding.parameter): " + parts.joined(separator: ", ")
    }
}

extension [Int] {
    /// `[3, 4]` as written in PyTorch's messages.
    fileprivate var shapeText: String { "[" + map(String.init).joined(separator: ", ") + "]" }
}
