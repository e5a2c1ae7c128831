import XCTest

@testable import Engine

final class CheckpointSequentialTests: XCTestCase {
    func testModuleIndicesCountActivationsAsPyTorchDoes() {
        let tanhSigmoid = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 2, outputCount: 4),
            SequentialLayerShape(inputCount: 4, outputCount: 1),
        ])
        XCTAssertEqual(tanhSigmoid.moduleIndices, [0, 2])
        XCTAssertEqual(
            tanhSigmoid.expectedTensors,
            [
                ExpectedTensor(name: "0.weight", shape: [4, 2]), ExpectedTensor(name: "0.bias", shape: [4]),
                ExpectedTensor(name: "2.weight", shape: [1, 4]), ExpectedTensor(name: "2.bias", shape: [1]),
            ])
        let mixed = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 3, outputCount: 5, modulesAfter: 2),
            SequentialLayerShape(inputCount: 5, outputCount: 2, modulesAfter: 0),
            SequentialLayerShape(inputCount: 2, outputCount: 2, modulesAfter: 0),
        ])
        XCTAssertEqual(mixed.moduleIndices, [0, 3, 4])
    }

    func testTransposesToOutInAndBack() throws {
        let layout = SequentialCheckpointLayout(layers: [SequentialLayerShape(inputCount: 2, outputCount: 3)])
        // [in, out] = [[1, 2, 3], [4, 5, 6]] becomes PyTorch's [out, in] = [[1, 4], [2, 5], [3, 6]].
        let layer = try DenseLayerParameters(
            inputCount: 2, outputCount: 3, weights: [1, 2, 3, 4, 5, 6], bias: [7, 8, 9])
        let checkpoint = try layout.checkpoint(from: [layer], dtype: .f64, metadata: ["spec": "2 -> 3"])
        XCTAssertEqual(checkpoint["0.weight"]?.shape, [3, 2])
        XCTAssertEqual(checkpoint["0.weight"]?.values, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(checkpoint["0.bias"]?.values, [7, 8, 9])
        XCTAssertEqual(try layout.parameters(from: checkpoint), [layer])
        XCTAssertEqual(
            try layout.parameters(from: SafetensorsFormat.decode(SafetensorsFormat.encode(checkpoint))),
            [layer])
    }

    func testMismatchListsEveryDifference() throws {
        let saved = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 2, outputCount: 4, modulesAfter: 0),
            SequentialLayerShape(inputCount: 4, outputCount: 1),
        ])
        let checkpoint = try saved.checkpoint(from: [
            DenseLayerParameters(
                inputCount: 2, outputCount: 4, weights: Array(repeating: 0.5, count: 8), bias: [0, 0, 0, 0]),
            DenseLayerParameters(inputCount: 4, outputCount: 1, weights: [1, 2, 3, 4], bias: [0]),
        ])
        let wanted = SequentialCheckpointLayout(layers: [
            SequentialLayerShape(inputCount: 2, outputCount: 3),
            SequentialLayerShape(inputCount: 3, outputCount: 1),
        ])
        XCTAssertThrowsError(try wanted.parameters(from: checkpoint)) { error in
            XCTAssertEqual(
                error as? CheckpointError,
                .architectureMismatch(differences: [
                    .shapeMismatch(name: "0.weight", expected: [3, 2], found: [4, 2]),
                    .shapeMismatch(name: "0.bias", expected: [3], found: [4]),
                    .missing(name: "2.weight", shape: [1, 3]),
                    .missing(name: "2.bias", shape: [1]),
                    .unexpected(name: "1.weight", shape: [1, 4]),
                    .unexpected(name: "1.bias", shape: [1]),
                ]))
        }
    }

    func testCheckpointFromWrongParametersIsRefused() throws {
        let layout = SequentialCheckpointLayout(layers: [SequentialLayerShape(inputCount: 2, outputCount: 1)])
        XCTAssertThrowsError(try layout.checkpoint(from: [])) {
            XCTAssertEqual(
                $0 as? CheckpointError,
                .architectureMismatch(differences: [
                    .missing(name: "0.weight", shape: [1, 2]), .missing(name: "0.bias", shape: [1]),
                ]))
        }
        XCTAssertThrowsError(
            try DenseLayerParameters(inputCount: 2, outputCount: 2, weights: [1], bias: [0, 0], layer: 1)
        ) {
            XCTAssertEqual(
                $0 as? CheckpointError,
                .layerShapeMismatch(layer: 1, inputCount: 2, outputCount: 2, weightCount: 1, biasCount: 2))
        }
    }
}
