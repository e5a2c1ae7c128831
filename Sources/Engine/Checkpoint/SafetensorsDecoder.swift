import Foundation

extension SafetensorsFormat {
    /// The checkpoint in `bytes`, after validating the whole layout.
    ///
    /// Refuses a file shorter than its header length, a header that runs past
    /// the file, a header that is not a JSON object of well-formed entries, an
    /// unknown dtype, offsets outside the data section, a byte span that does not
    /// match shape × dtype, tensors that overlap, and bytes no tensor owns (the
    /// same rules as the reference implementation). Tensors come back in data order.
    public static func decode(_ bytes: [UInt8]) throws(CheckpointError) -> Checkpoint {
        guard bytes.count >= 8 else { throw .truncatedFile(byteCount: bytes.count) }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw .headerTooLarge(headerLength: headerLength, limit: maximumHeaderLength)
        }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw .headerBeyondFile(headerLength: headerLength, fileSize: bytes.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header = try parseHeader(bytes[8..<dataStart])
        let dataSize = bytes.count - dataStart

        var entries: [TensorEntry] = []
        var metadata: [String: String] = [:]
        // Sorted, so that a file with several faults always reports the same one.
        for (name, value) in header.sorted(by: { $0.key < $1.key }) {
            if name == metadataKey {
                metadata = try parseMetadata(value)
            } else {
                entries.append(try TensorEntry(name: name, json: value))
            }
        }
        for entry in entries {
            guard entry.end <= dataSize else {
                throw .offsetsOutOfRange(
                    name: entry.name, begin: entry.begin, end: entry.end, dataSize: dataSize)
            }
            let expectedBytes = entry.byteCount
            guard entry.end - entry.begin == expectedBytes else {
                throw .byteSizeMismatch(
                    name: entry.name, shape: entry.shape, dtype: entry.dtype, expectedBytes: expectedBytes,
                    actualBytes: entry.end - entry.begin)
            }
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var covered = 0
        var previous: TensorEntry? = nil
        for entry in entries {
            if entry.begin < covered, let previous {
                throw .overlappingTensors(first: previous.name, second: entry.name)
            }
            if entry.begin > covered { throw .unindexedBytes(begin: covered, end: entry.begin) }
            covered = entry.end
            previous = entry
        }
        if covered < dataSize { throw .unindexedBytes(begin: covered, end: dataSize) }

        let tensors = bytes.withUnsafeBytes { raw in
            entries.map { entry in
                let width = entry.dtype.byteWidth
                let values = (0..<(entry.end - entry.begin) / width).map {
                    entry.dtype.value(in: raw, at: dataStart + entry.begin + $0 * width)
                }
                return (entry, values)
            }
        }
        return try Checkpoint(
            tensors: tensors.map { entry, values throws(CheckpointError) in
                try CheckpointTensor(name: entry.name, dtype: entry.dtype, shape: entry.shape, values: values)
            }, metadata: metadata)
    }

    private static func parseHeader(_ slice: ArraySlice<UInt8>) throws(CheckpointError) -> [String: Any] {
        guard slice.first == UInt8(ascii: "{") else {
            throw .badHeaderJSON(reason: "it does not start with '{'")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(slice), options: [])
        } catch {
            throw .badHeaderJSON(reason: "the JSON parser stopped (\(error.localizedDescription))")
        }
        guard let object = parsed as? [String: Any] else {
            throw .badHeaderJSON(reason: "it is not a JSON object")
        }
        return object
    }

    private static func parseMetadata(_ json: Any) throws(CheckpointError) -> [String: String] {
        guard let object = json as? [String: Any] else { throw .badMetadata(key: metadataKey) }
        var metadata: [String: String] = [:]
        for (key, value) in object {
            guard let text = value as? String else { throw .badMetadata(key: key) }
            metadata[key] = text
        }
        return metadata
    }
}

/// One tensor's header entry, checked for form but not yet against the data.
private struct TensorEntry {
    let name: String
    let dtype: SafetensorsDType
    let shape: [Int]
    let begin: Int
    let end: Int
    /// Bytes that shape × dtype needs (Int.max when that overflows).
    let byteCount: Int

    init(name: String, json: Any) throws(CheckpointError) {
        guard let object = json as? [String: Any] else {
            throw .malformedEntry(name: name, reason: "not a JSON object")
        }
        guard let dtypeName = object["dtype"] as? String else {
            throw .malformedEntry(name: name, reason: "no string 'dtype'")
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw .unknownDType(
                name: name, dtype: dtypeName, known: SafetensorsDType.allCases.map(\.rawValue))
        }
        guard let shape = Self.naturals(object["shape"]) else {
            throw .malformedEntry(name: name, reason: "'shape' is not a list of non-negative integers")
        }
        guard let offsets = Self.naturals(object["data_offsets"]), offsets.count == 2,
            offsets[0] <= offsets[1]
        else {
            throw .malformedEntry(name: name, reason: "'data_offsets' is not [begin, end] with begin <= end")
        }
        // A product that overflows cannot fit in any file; the offsets check reports it.
        var byteCount = dtype.byteWidth
        for dimension in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            byteCount = overflow ? Int.max : product
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.begin = offsets[0]
        self.end = offsets[1]
        self.byteCount = byteCount
    }

    /// A JSON array of non-negative whole numbers small enough to count bytes.
    private static func naturals(_ json: Any?) -> [Int]? {
        guard let array = json as? [Any] else { return nil }
        var result: [Int] = []
        for element in array {
            guard let number = element as? NSNumber else { return nil }
            let value = number.doubleValue
            guard value >= 0, value == value.rounded(), value < 0x1p52 else { return nil }
            result.append(Int(value))
        }
        return result
    }
}
