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
        let layout = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 2, outputCount: 4),
            SequentialLayerShape(inputCount: 4, outputCount: 1),
        ])
        let layers = try layout.parameters(from: checkpoint)
        // PyTorch's weight[j][i] (output j, input i) is our weights[i * out + j].
        let torchWeight = try XCTUnwrap(checkpoint["0.weight"]).values
        for i in 0..<2 {
            for j in 0..<4 { XCTAssertEqual(layers[0].weights[i * 4 + j], torchWeight[j * 2 + i]) }
        }
        // nn.Linear's default init draws from U(±1/√fan_in).
        XCTAssertTrue(layers[0].weights.allSatisfy { abs($0) <= 1 / 2.0.squareRoot() })
        XCTAssertTrue(layers[1].weights.allSatisfy { abs($0) <= 0.5 })
    }

    func testReadsPyTorchF64NetWithDropoutNumbering() throws {
        let checkpoint = try assertMatchesDescription("checkpoint-torch-3-5-2-2-f64")
        XCTAssertEqual(checkpoint.trainingStep, 120)
        XCTAssertTrue(checkpoint.tensors.allSatisfy { $0.dtype == .f64 })
        let layout = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 3, outputCount: 5, modulesAfter: 2),
            SequentialLayerShape(inputCount: 5, outputCount: 2, modulesAfter: 1),
            SequentialLayerShape(inputCount: 2, outputCount: 2, modulesAfter: 0),
        ])
        XCTAssertEqual(try layout.parameters(from: checkpoint).map(\.outputCount), [5, 2, 2])
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
    /// `nn.Sequential(Linear(2, 3), Tanh(), Linear(3, 1), Sigmoid())`.
    func testEngineWrittenF32FixtureIsStillWhatTheEncoderProduces() throws {
        let layout = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 2, outputCount: 3),
            SequentialLayerShape(inputCount: 3, outputCount: 1),
        ])
        let checkpoint = try layout.checkpoint(
            from: [
                DenseLayerParameters(
                    inputCount: 2, outputCount: 3, weights: [0.5, -1.25, 2.0, 0.75, 0.125, -0.5],
                    bias: [0.25, -0.75, 1.5]),
                DenseLayerParameters(
                    inputCount: 3, outputCount: 1, weights: [1.0, -2.0, 0.0625], bias: [-0.375]),
            ], dtype: .f32,
            metadata: [
                Checkpoint.networkSpecKey: "2 -> 3 tanh -> 1 sigmoid", Checkpoint.trainingStepKey: "7",
            ])
        try assertRecorded(checkpoint, as: "checkpoint-ours-2-3-1")
    }

    /// The engine-written F64 file that make_fixtures.py loads into
    /// `nn.Sequential(Linear(3, 2), ReLU(), Dropout(0.5), Linear(2, 2)).double()`: Linears 0 and 3.
    func testEngineWrittenF64FixtureIsStillWhatTheEncoderProduces() throws {
        let layout = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 3, outputCount: 2, modulesAfter: 2),
            SequentialLayerShape(inputCount: 2, outputCount: 2, modulesAfter: 0),
        ])
        XCTAssertEqual(layout.moduleIndices, [0, 3])
        let checkpoint = try layout.checkpoint(
            from: [
                DenseLayerParameters(
                    inputCount: 3, outputCount: 2, weights: [0.1, -0.2, 0.3, -0.4, 0.5, 1.0 / 3],
                    bias: [0.01, -0.02]),
                DenseLayerParameters(inputCount: 2, outputCount: 2, weights: [1, 2, 3, 4], bias: [-1, 1]),
            ], dtype: .f64,
            metadata: [
                Checkpoint.networkSpecKey: "3 -> 2 relu dropout=0.5 -> 2", Checkpoint.trainingStepKey: "1000",
            ])
        try assertRecorded(checkpoint, as: "checkpoint-ours-3-2-2-f64")
    }
}
