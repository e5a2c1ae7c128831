import FileWriting

/// The safetensors layout: an 8-byte little-endian header length, a JSON header
/// padded with spaces to a multiple of 8 bytes, then the tensors' bytes back to back.
public enum SafetensorsFormat {
    /// The header key that holds the string-to-string metadata map.
    public static let metadataKey = "__metadata__"
    /// The largest header accepted, as in the reference Rust implementation.
    public static let maximumHeaderLength = 100_000_000

    /// The bytes of a safetensors file holding `checkpoint`, tensors in the checkpoint's order.
    ///
    /// The header lists `__metadata__` first (keys sorted) and the tensors in data order,
    /// so the same checkpoint always gives the same bytes.
    public static func encode(_ checkpoint: Checkpoint) throws(CheckpointError) -> [UInt8] {
        var data: [UInt8] = []
        var entries: [String] = []
        if !checkpoint.metadata.isEmpty {
            let pairs = checkpoint.metadata.sorted { $0.key < $1.key }
                .map { "\(jsonStringLiteral($0.key)):\(jsonStringLiteral($0.value))" }
            entries.append("\(jsonStringLiteral(metadataKey)):{\(pairs.joined(separator: ","))}")
        }
        for tensor in checkpoint.tensors {
            guard tensor.dtype.isWritable else {
                throw .dtypeNotWritable(name: tensor.name, dtype: tensor.dtype)
            }
            let begin = data.count
            data.reserveCapacity(begin + tensor.elementCount * tensor.dtype.byteWidth)
            for value in tensor.values { tensor.dtype.append(value, to: &data) }
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\(jsonStringLiteral(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(begin),\(data.count)]}")
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        // Padding keeps the data section 8-byte aligned, as the reference writer does.
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var file: [UInt8] = []
        file.reserveCapacity(8 + header.count + data.count)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file += header
        file += data
        return file
    }
}
