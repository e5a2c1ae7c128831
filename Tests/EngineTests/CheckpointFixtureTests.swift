import Foundation
import XCTest

@testable import Engine

/// Files written by PyTorch and safetensors (tools/checkpoints/make_fixtures.py), and the
/// engine-written file that script loads into PyTorch.
final class CheckpointFixtureTests: XCTestCase {
    private func fixture(_ name: String, _ ext: String) throws -> URL {
        try XCTUnwrap(
            Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"), name)
    }

    /// Checks the decoded file against the JSON the script wrote beside it.
    private func assertMatchesDescription(_ stem: String, file: StaticString = #filePath, line: UInt = #line)
        throws
        -> Checkpoint
    {
        let checkpoint = try SafetensorsFile.read(from: fixture(stem, "safetensors"))
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: fixture(stem, "json"))) as! [String: Any]
        XCTAssertEqual(checkpoint.metadata, json["metadata"] as? [String: String], file: file, line: line)
        let tensors = json["tensors"] as! [String: [String: Any]]
        XCTAssertEqual(Set(checkpoint.tensors.map(\.name)), Set(tensors.keys), file: file, line: line)
        for (name, description) in tensors {
            let tensor = try XCTUnwrap(checkpoint[name])
            XCTAssertEqual(
                tensor.dtype.rawValue, description["dtype"] as? String, name, file: file, line: line)
            XCTAssertEqual(tensor.shape, description["shape"] as? [Int], name, file: file, line: line)
            // Values are repr() strings: Swift's Double(String) rounds correctly.
            let expected = (description["values"] as! [String]).map { Double($0)! }
            XCTAssertEqual(
                tensor.values.map(\.bitPattern), expected.map(\.bitPattern), name, file: file, line: line)
        }
        return checkpoint
    }

    func testReadsPyTorchTanhSigmoidNet() throws {
        let checkpoint = try assertMatchesDescription("checkpoint-torch-2-4-1")
        XCTAssertEqual(checkpoint.networkSpec, "2 -> 4 tanh -> 1 sigmoid")
        XCTAssertEqual(checkpoint.trainingStep, 0)
        // Reading it into a net, transposed, is CheckpointNetworkTests' testPyTorchFileWithoutOurMetadataLoads.
        // nn.Linear's default init draws from U(±1/√fan_in).
        XCTAssertTrue(
            try XCTUnwrap(checkpoint["0.weight"]).values.allSatisfy { abs($0) <= 1 / 2.0.squareRoot() })
        XCTAssertTrue(try XCTUnwrap(checkpoint["2.weight"]).values.allSatisfy { abs($0) <= 0.5 })
    }

    func testReadsPyTorchF64NetWithDropoutNumbering() throws {
        let checkpoint = try assertMatchesDescription("checkpoint-torch-3-5-2-2-f64")
        XCTAssertEqual(checkpoint.trainingStep, 120)
        XCTAssertTrue(checkpoint.tensors.allSatisfy { $0.dtype == .f64 })
        // Its Linears 0, 3 and 5 (Dropout counted) are read into a net in
        // CheckpointNetworkTests' testPyTorchF64FileWithDropoutNumberingLoadsItsStep.
        XCTAssertEqual(
            Set(checkpoint.tensors.map(\.name)),
            ["0.weight", "0.bias", "3.weight", "3.bias", "5.weight", "5.bias"])
        // Re-encoding PyTorch's values loses nothing.
        let again = try SafetensorsFormat.decode(SafetensorsFormat.encode(checkpoint))
        XCTAssertEqual(again, checkpoint)
    }

    func testReadsHalfAndBFloat16() throws {
        let checkpoint = try assertMatchesDescription("checkpoint-torch-halves")
        XCTAssertEqual(checkpoint["half"]?.values.prefix(5), [1, -2, 0.5, 65504, 0x1p-24])
        XCTAssertEqual(checkpoint["half"]?.values.last, .infinity)
        XCTAssertEqual(checkpoint["brain"]?.values.prefix(2), [1, -3.140625])
    }

    /// Checks that the encoder still produces the committed `stem` file byte for byte;
    /// `BACKPROP_RECORD_FIXTURES=1` rewrites it first.
    private func assertRecorded(_ checkpoint: Checkpoint, as stem: String) throws {
        if ProcessInfo.processInfo.environment["BACKPROP_RECORD_FIXTURES"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/\(stem).safetensors")
            try SafetensorsFile.write(checkpoint, to: source)
        }
        let recorded = try Data(contentsOf: fixture(stem, "safetensors"))
        XCTAssertEqual([UInt8](recorded), try SafetensorsFormat.encode(checkpoint), stem)
    }

    /// The engine-written F32 file that make_fixtures.py loads into
    /// `nn.Sequential(Linear(2, 3), Tanh(), Linear(3, 1), Sigmoid())`: weights `[out, in]` as the
    /// file holds them (NetworkCheckpoint writes the same tensors from a net: CheckpointNetworkTests).
    func testEngineWrittenF32FixtureIsStillWhatTheEncoderProduces() throws {
        let checkpoint = try Checkpoint(
            tensors: [
                CheckpointTensor(
                    name: "0.weight", dtype: .f32, shape: [3, 2],
                    values: [0.5, 0.75, -1.25, 0.125, 2.0, -0.5]),
                CheckpointTensor(name: "0.bias", dtype: .f32, shape: [3], values: [0.25, -0.75, 1.5]),
                CheckpointTensor(name: "2.weight", dtype: .f32, shape: [1, 3], values: [1.0, -2.0, 0.0625]),
                CheckpointTensor(name: "2.bias", dtype: .f32, shape: [1], values: [-0.375]),
            ],
            metadata: [
                Checkpoint.networkSpecKey: "2 -> 3 tanh -> 1 sigmoid", Checkpoint.trainingStepKey: "7",
            ])
        try assertRecorded(checkpoint, as: "checkpoint-ours-2-3-1")
    }

    /// The engine-written F64 file that make_fixtures.py loads into
    /// `nn.Sequential(Linear(3, 2), ReLU(), Dropout(0.5), Linear(2, 2)).double()`: Linears 0 and 3.
    func testEngineWrittenF64FixtureIsStillWhatTheEncoderProduces() throws {
        let checkpoint = try Checkpoint(
            tensors: [
                CheckpointTensor(
                    name: "0.weight", dtype: .f64, shape: [2, 3],
                    values: [0.1, 0.3, 0.5, -0.2, -0.4, 1.0 / 3]),
                CheckpointTensor(name: "0.bias", dtype: .f64, shape: [2], values: [0.01, -0.02]),
                CheckpointTensor(name: "3.weight", dtype: .f64, shape: [2, 2], values: [1, 3, 2, 4]),
                CheckpointTensor(name: "3.bias", dtype: .f64, shape: [2], values: [-1, 1]),
            ],
            metadata: [
                Checkpoint.networkSpecKey: "3 -> 2 relu dropout=0.5 -> 2", Checkpoint.trainingStepKey: "1000",
            ])
        try assertRecorded(checkpoint, as: "checkpoint-ours-3-2-2-f64")
    }
}
