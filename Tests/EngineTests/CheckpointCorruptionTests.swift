import XCTest

@testable import Engine

final class CheckpointCorruptionTests: XCTestCase {
    /// A file with `header` (padded) followed by `dataSize` zero bytes.
    private func file(header: String, dataSize: Int) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)
        return withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) } + headerBytes
            + [UInt8](repeating: 0, count: dataSize)
    }

    private func entry(_ name: String, _ dtype: String = "F32", shape: String = "[2]", offsets: String)
        -> String
    {
        #""\#(name)":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}"#
    }

    func testEveryCorruptionIsRefusedWithItsReason() throws {
        let valid = try SafetensorsFormat.encode(
            Checkpoint(tensors: [CheckpointTensor(name: "w", dtype: .f32, shape: [2], values: [1, 2])]))
        let headerLength = Int(valid[0])
        var hugeLength = valid
        hugeLength.replaceSubrange(
            0..<8, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Array($0) })

        let cases: [(String, [UInt8], CheckpointError, String)] = [
            ("empty file", [], .truncatedFile(byteCount: 0), "truncated"),
            ("cut in the length", Array(valid.prefix(5)), .truncatedFile(byteCount: 5), "5 bytes"),
            (
                "cut in the header", Array(valid.prefix(20)),
                .headerBeyondFile(headerLength: UInt64(headerLength), fileSize: 20), "past the end"
            ),
            (
                "cut in the data", Array(valid.dropLast(3)),
                .offsetsOutOfRange(name: "w", begin: 0, end: 8, dataSize: 5), "bytes 0..<8"
            ),
            (
                "absurd header length", hugeLength,
                .headerTooLarge(headerLength: 1 << 40, limit: 100_000_000), "limit"
            ),
            (
                "not an object", file(header: "[1, 2]", dataSize: 0),
                .badHeaderJSON(reason: "it does not start with '{'"), "start with"
            ),
            (
                "entry not an object", file(header: #"{"w": 3}"#, dataSize: 0),
                .malformedEntry(name: "w", reason: "not a JSON object"), "'w' is malformed"
            ),
            (
                "no dtype", file(header: #"{"w":{"shape":[1],"data_offsets":[0,4]}}"#, dataSize: 4),
                .malformedEntry(name: "w", reason: "no string 'dtype'"), "dtype"
            ),
            (
                "unknown dtype", file(header: "{\(entry("w", "I8", offsets: "[0,2]"))}", dataSize: 2),
                .unknownDType(name: "w", dtype: "I8", known: ["F64", "F32", "F16", "BF16"]),
                "supported: F64, F32"
            ),
            (
                "negative shape",
                file(header: "{\(entry("w", shape: "[-2]", offsets: "[0,8]"))}", dataSize: 8),
                .malformedEntry(name: "w", reason: "'shape' is not a list of non-negative integers"), "shape"
            ),
            (
                "reversed offsets", file(header: "{\(entry("w", offsets: "[8,0]"))}", dataSize: 8),
                .malformedEntry(name: "w", reason: "'data_offsets' is not [begin, end] with begin <= end"),
                "data_offsets"
            ),
            (
                "offsets beyond data", file(header: "{\(entry("w", offsets: "[0,8]"))}", dataSize: 4),
                .offsetsOutOfRange(name: "w", begin: 0, end: 8, dataSize: 4), "has 4 bytes"
            ),
            (
                "shape and offsets disagree",
                file(header: "{\(entry("w", shape: "[3]", offsets: "[0,8]"))}", dataSize: 8),
                .byteSizeMismatch(name: "w", shape: [3], dtype: .f32, expectedBytes: 12, actualBytes: 8),
                "needs 12 bytes but its offsets span 8"
            ),
            (
                "overlap",
                file(
                    header: "{\(entry("a", offsets: "[0,8]")),\(entry("b", offsets: "[4,12]"))}", dataSize: 12
                ),
                .overlappingTensors(first: "a", second: "b"), "overlap"
            ),
            (
                "hole",
                file(
                    header: "{\(entry("a", offsets: "[0,8]")),\(entry("b", offsets: "[12,20]"))}",
                    dataSize: 20),
                .unindexedBytes(begin: 8, end: 12), "bytes 8..<12"
            ),
            (
                "trailing bytes", file(header: "{\(entry("a", offsets: "[0,8]"))}", dataSize: 10),
                .unindexedBytes(begin: 8, end: 10), "belong to no tensor"
            ),
            (
                "metadata not strings", file(header: #"{"__metadata__":{"step":3}}"#, dataSize: 0),
                .badMetadata(key: "step"), "'step'"
            ),
        ]
        // The phrase each case names is the Language's wording, checked in EngineMessageTextTests.
        for (label, bytes, expected, _) in cases {
            XCTAssertThrowsError(try SafetensorsFormat.decode(bytes), label) { error in
                XCTAssertEqual(error as? CheckpointError, expected, label)
            }
        }
    }

    func testBrokenJSONIsRefused() {
        XCTAssertThrowsError(try SafetensorsFormat.decode(file(header: #"{"w": [1,"#, dataSize: 0))) {
            error in
            guard case .badHeaderJSON(let reason) = error as? CheckpointError else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(reason.hasPrefix("the JSON parser stopped"), reason)
        }
    }

    func testEmptyTensorsMaySitAnywhereInTheData() throws {
        let bytes = file(
            header: "{\(entry("e", shape: "[0]", offsets: "[8,8]")),\(entry("a", offsets: "[0,8]"))}",
            dataSize: 8)
        let checkpoint = try SafetensorsFormat.decode(bytes)
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["a", "e"])
        XCTAssertEqual(checkpoint["e"]?.values, [])
    }

    func testEveryTruncationIsRefused() throws {
        let bytes = try SafetensorsFormat.encode(
            Checkpoint(
                tensors: [
                    CheckpointTensor(name: "0.weight", dtype: .f32, shape: [2, 2], values: [1, 2, 3, 4]),
                    CheckpointTensor(name: "0.bias", dtype: .f64, shape: [2], values: [5, 6]),
                ], metadata: ["spec": "2 -> 2"]))
        for length in 0..<bytes.count {
            XCTAssertThrowsError(
                try SafetensorsFormat.decode(Array(bytes.prefix(length))), "prefix \(length)")
        }
        XCTAssertNoThrow(try SafetensorsFormat.decode(bytes))
    }

    func testRandomByteDamageIsRefusedOrKeepsTheStructure() throws {
        let bytes = try SafetensorsFormat.encode(
            Checkpoint(tensors: [CheckpointTensor(name: "w", dtype: .f32, shape: [3], values: [1, 2, 3])]))
        let original = try SafetensorsFormat.decode(bytes)
        var random = RandomSource(seed: 2024)
        var refused = 0
        for _ in 0..<2000 {
            var damaged = bytes
            let index = random.nextIndex(below: bytes.count)
            damaged[index] ^= UInt8(1 + random.nextIndex(below: 255))
            do {
                let decoded = try SafetensorsFormat.decode(damaged)
                // Damage to the data section changes values, which no format can detect; damage
                // elsewhere that still decodes (a renamed tensor, say) must keep the structure.
                XCTAssertEqual(decoded.tensors.map(\.shape), original.tensors.map(\.shape))
            } catch {
                // The decoder throws only CheckpointError (typed throws), so reaching here is a refusal.
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 1000)
    }
}
