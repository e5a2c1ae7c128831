import XCTest

@testable import Engine

final class CheckpointFormatTests: XCTestCase {
    /// The bytes of a file written by hand from the format's description.
    private func handMadeFile() -> [UInt8] {
        let header =
            #"{"__metadata__":{"step":"3"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""w":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]}}"#
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)
        var file = withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) }
        file += headerBytes
        // 1.5 and -2 as little-endian float32, then 0.1 as little-endian float64.
        file += [0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0]
        file += withUnsafeBytes(of: (0.1).bitPattern.littleEndian) { Array($0) }
        return file
    }

    func testEncoderWritesTheDocumentedLayoutByteForByte() throws {
        let checkpoint = try Checkpoint(
            tensors: [
                CheckpointTensor(name: "b", dtype: .f32, shape: [2], values: [1.5, -2]),
                CheckpointTensor(name: "w", dtype: .f64, shape: [1, 1], values: [0.1]),
            ], metadata: ["step": "3"])
        let bytes = try SafetensorsFormat.encode(checkpoint)
        XCTAssertEqual(bytes, handMadeFile())
        XCTAssertEqual((bytes.count - 16) % 8, 0, "data section starts 8-byte aligned")
    }

    func testDecoderReadsTheHandMadeFile() throws {
        let checkpoint = try SafetensorsFormat.decode(handMadeFile())
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["b", "w"])
        XCTAssertEqual(checkpoint["b"]?.values, [1.5, -2])
        XCTAssertEqual(checkpoint["b"]?.dtype, .f32)
        XCTAssertEqual(checkpoint["w"]?.shape, [1, 1])
        XCTAssertEqual(checkpoint["w"]?.values, [0.1])
        XCTAssertEqual(checkpoint.trainingStep, 3)
        XCTAssertNil(checkpoint.networkSpec)
    }

    func testRoundTripKeepsF64ExactlyAndRoundsF32() throws {
        let values = [0.1, -1e-300, 3.141592653589793, 1e300, -0.0]
        let checkpoint = try Checkpoint(
            tensors: [
                CheckpointTensor(name: "double", dtype: .f64, shape: [5], values: values),
                CheckpointTensor(name: "single", dtype: .f32, shape: [5, 1], values: values),
                CheckpointTensor(name: "empty", dtype: .f32, shape: [0, 3], values: []),
                CheckpointTensor(name: "scalar", dtype: .f64, shape: [], values: [42]),
            ],
            metadata: [
                "spec": "2 -> 4 tanh -> 1 sigmoid",
                "note": "quote \" backslash \\ newline \n tab \t bell \u{7} é",
            ])
        let decoded = try SafetensorsFormat.decode(SafetensorsFormat.encode(checkpoint))
        XCTAssertEqual(decoded.metadata, checkpoint.metadata)
        XCTAssertEqual(decoded.networkSpec, "2 -> 4 tanh -> 1 sigmoid")
        XCTAssertEqual(decoded["double"]?.values.map(\.bitPattern), values.map(\.bitPattern))
        XCTAssertEqual(decoded["single"]?.values, values.map { Double(Float($0)) })
        XCTAssertNotEqual(decoded["single"]?.values[0], 0.1)
        XCTAssertEqual(decoded["empty"]?.shape, [0, 3])
        XCTAssertEqual(decoded["scalar"]?.values, [42])
        XCTAssertEqual(decoded.tensors.count, 4)
    }

    func testInvalidCheckpointsAreRefusedInMemory() {
        XCTAssertThrowsError(try CheckpointTensor(name: "w", dtype: .f32, shape: [2, 3], values: [1])) {
            XCTAssertEqual(
                $0 as? CheckpointError, .valueCountMismatch(name: "w", shape: [2, 3], valueCount: 1))
        }
        XCTAssertThrowsError(
            try Checkpoint(tensors: [
                CheckpointTensor(name: "a", dtype: .f32, shape: [1], values: [1]),
                CheckpointTensor(name: "a", dtype: .f32, shape: [1], values: [2]),
            ])
        ) { XCTAssertEqual($0 as? CheckpointError, .duplicateTensorName(name: "a")) }
        XCTAssertThrowsError(
            try SafetensorsFormat.encode(
                Checkpoint(tensors: [CheckpointTensor(name: "h", dtype: .bf16, shape: [1], values: [1])]))
        ) { XCTAssertEqual($0 as? CheckpointError, .dtypeNotWritable(name: "h", dtype: .bf16)) }
    }
}
