import Foundation
import XCTest

@testable import Engine

/// `NetworkCheckpoint`: a `Network` to PyTorch's nn.Sequential tensors and our metadata, and back.
final class CheckpointNetworkTests: XCTestCase {
    private func fixture(_ name: String) throws -> URL {
        try XCTUnwrap(
            Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures"), name
        )
    }

    private func values(_ network: Network) -> [[Double]] { network.parameters.map(\.scalars) }

    func testRoundTripKeepsTensorsSpecStepsAndEpochs() throws {
        let saved = try Network("2 -> 4 tanh -> 1 sigmoid", seed: 1)
        let checkpoint = try NetworkCheckpoint(saved).checkpoint(
            counts: NetworkCheckpoint.Counts(steps: 120, epochs: 30))
        XCTAssertEqual(
            checkpoint.metadata, ["spec": "2 -> 4 tanh -> 1 sigmoid", "step": "120", "epoch": "30"])
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias"])
        XCTAssertEqual(checkpoint["0.weight"]?.shape, [4, 2])

        let loaded = try Network("2 -> 4 tanh -> 1 sigmoid", seed: 2)
        XCTAssertNotEqual(values(loaded), values(saved))
        let report = try NetworkCheckpoint(loaded).read(
            SafetensorsFormat.decode(SafetensorsFormat.encode(checkpoint)))
        XCTAssertEqual(values(loaded), values(saved))
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(report.restored.map(\.parameter), ["L1.W", "L1.b", "L2.W", "L2.b"])
        XCTAssertEqual(report.steps, 120)
        XCTAssertEqual(report.epochs, 30)
        XCTAssertEqual(report.savedSpec, "2 -> 4 tanh -> 1 sigmoid")
        XCTAssertEqual(report.specDifferences, [])
    }

    func testWritesTheTensorsTheEngineWrittenFixtureHolds() throws {
        // make_fixtures.py loads this file into nn.Sequential(Linear(2, 3), Tanh(), Linear(3, 1), Sigmoid()).
        let recorded = try SafetensorsFile.read(from: fixture("checkpoint-ours-2-3-1"))
        let network = try Network("2 -> 3 tanh -> 1 sigmoid")
        try network.parameter(named: "L1.W").assign([0.5, -1.25, 2.0, 0.75, 0.125, -0.5])
        try network.parameter(named: "L1.b").assign([0.25, -0.75, 1.5])
        try network.parameter(named: "L2.W").assign([1.0, -2.0, 0.0625])
        try network.parameter(named: "L2.b").assign([-0.375])
        let written = try NetworkCheckpoint(network).checkpoint(counts: .init(steps: 7, epochs: 0))
        XCTAssertEqual(written.tensors, recorded.tensors)
        XCTAssertEqual(written.networkSpec, recorded.networkSpec)
        XCTAssertEqual(written.trainingStep, recorded.trainingStep)
    }

    func testPyTorchFileWithoutOurMetadataLoads() throws {
        let torch = try SafetensorsFile.read(from: fixture("checkpoint-torch-2-4-1"))
        let bare = try Checkpoint(tensors: torch.tensors)
        let network = try Network("2 -> 4 tanh -> 1 sigmoid", seed: 9)
        let report = try NetworkCheckpoint(network).read(bare)
        XCTAssertTrue(report.isComplete)
        XCTAssertNil(report.steps)
        XCTAssertNil(report.epochs)
        XCTAssertNil(report.savedSpec)
        // PyTorch's weight[j][i] (output j, input i) is our L1.W[i][j].
        let torchWeight = try XCTUnwrap(torch["0.weight"]).values
        let weight = try network.parameter(named: "L1.W")
        for i in 0..<2 {
            for j in 0..<4 { XCTAssertEqual(weight[i, j], Double(Float(torchWeight[j * 2 + i]))) }
        }
        XCTAssertEqual(try network.parameter(named: "L2.b").scalars, torch["2.bias"]?.values)
    }

    func testPyTorchF64FileWithDropoutNumberingLoadsItsStep() throws {
        let network = try Network("3 -> 5 relu -> dropout 0.1 -> 2 tanh -> 2", dtype: .float64)
        let report = try NetworkCheckpoint(network).read(
            from: fixture("checkpoint-torch-3-5-2-2-f64"))
        XCTAssertEqual(
            report.restored.map(\.tensor), ["0.weight", "0.bias", "3.weight", "3.bias", "5.weight", "5.bias"])
        XCTAssertEqual(report.steps, 120)
        XCTAssertNil(report.epochs)
        // Its spec text predates the parser's `dropout P` layer, so it is reported as it reads.
        XCTAssertEqual(
            report.specDifferences,
            [
                SpecDifference(
                    place: "spec", saved: "3 -> 5 relu dropout=0.1 -> 2 tanh -> 2",
                    current: "3 -> 5 relu -> dropout 0.1 -> 2 tanh -> 2")
            ])
    }

    func testNotStrictLoadsWhatMatchesAndListsTheRest() throws {
        let saved = try Network("2 -> 4 tanh -> 1", seed: 1)
        let checkpoint = try NetworkCheckpoint(saved).checkpoint(counts: .init(steps: 50, epochs: 5))
        let target = try Network("2 -> 4 tanh -> 3", seed: 2)
        let before = values(target)
        let report = try NetworkCheckpoint(target).read(checkpoint, strict: false)
        XCTAssertFalse(report.isComplete)
        XCTAssertEqual(
            report.restored,
            [.init(tensor: "0.weight", parameter: "L1.W"), .init(tensor: "0.bias", parameter: "L1.b")])
        XCTAssertEqual(
            report.skipped,
            [
                .shapeMismatch(name: "2.weight", expected: [3, 4], found: [1, 4]),
                .shapeMismatch(name: "2.bias", expected: [3], found: [1]),
            ])
        XCTAssertEqual(report.specDifferences, [SpecDifference(place: "L2", saved: "1", current: "3")])
        XCTAssertEqual(Array(values(target).prefix(2)), Array(values(saved).prefix(2)))
        XCTAssertEqual(Array(values(target).suffix(2)), Array(before.suffix(2)))
    }

    func testNotStrictListsMissingAndUnexpectedTensors() throws {
        let saved = try Network("2 -> 3 relu -> 3 relu -> 1", seed: 1)
        let checkpoint = try NetworkCheckpoint(saved).checkpoint(counts: .init(steps: 0, epochs: 0))
        let target = try Network("2 -> 3 -> 3 -> 1", seed: 2)
        // Without activations the Linears are 0, 1, 2 instead of 0, 2, 4.
        let report = try NetworkCheckpoint(target).read(checkpoint, strict: false)
        XCTAssertEqual(report.restored.map(\.parameter), ["L1.W", "L1.b"])
        XCTAssertEqual(
            report.skipped,
            [
                .missing(name: "1.weight", shape: [3, 3]), .missing(name: "1.bias", shape: [3]),
                .shapeMismatch(name: "2.weight", expected: [1, 3], found: [3, 3]),
                .shapeMismatch(name: "2.bias", expected: [1], found: [3]),
                .unexpected(name: "4.weight", shape: [1, 3]), .unexpected(name: "4.bias", shape: [1]),
            ])
    }

    func testRenamedModulesLoadFromTheirNames() throws {
        let saved = try Network("2 -> 3 relu -> 3 relu -> 1", seed: 1)
        let checkpoint = try NetworkCheckpoint(saved).checkpoint(counts: .init(steps: 4, epochs: 1))
        let target = try Network("2 -> 3 -> 3 -> 1", seed: 2)
        let mapping = try NetworkCheckpoint(target, modules: ["l2": "2", "L3": "4"])
        XCTAssertEqual(
            mapping.tensorNames.map(\.tensor),
            ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        let report = try mapping.read(checkpoint)
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(report.steps, 4)
        XCTAssertEqual(values(target), values(saved))
        // A renamed save writes the tensors under the new names.
        let renamed = try NetworkCheckpoint(target, modules: ["L1": "encoder.0"]).checkpoint(
            counts: .init(steps: 0, epochs: 0))
        XCTAssertEqual(renamed.tensors.map(\.name).prefix(2), ["encoder.0.weight", "encoder.0.bias"])
        XCTAssertEqual(renamed["encoder.0.weight"]?.values, checkpoint["0.weight"]?.values)
    }

    func testRenamesOfUnknownLayersOrOntoOneModuleAreRefused() throws {
        let network = try Network("2 -> 3 -> dropout 0.5 -> 1")
        XCTAssertThrowsError(try NetworkCheckpoint(network, modules: ["L2": "1"])) {
            XCTAssertEqual($0 as? CheckpointError, .unknownMappedLayer(layer: "L2", valid: ["L1", "L3"]))
        }
        XCTAssertThrowsError(try NetworkCheckpoint(network, modules: ["L3": "0"])) {
            XCTAssertEqual($0 as? CheckpointError, .duplicateTensorName(name: "0.weight"))
        }
    }

    func testStrictRefusesAnyDifferenceAndChangesNothing() throws {
        let checkpoint = try NetworkCheckpoint(Network("2 -> 4 tanh -> 1", seed: 1)).checkpoint(
            counts: .init(steps: 3, epochs: 1))
        let target = try Network("2 -> 4 tanh -> 3", seed: 2)
        let before = values(target)
        XCTAssertThrowsError(try NetworkCheckpoint(target).read(checkpoint)) { error in
            XCTAssertEqual(
                error as? CheckpointError,
                .networkMismatch(
                    differences: [
                        .shapeMismatch(name: "2.weight", expected: [3, 4], found: [1, 4]),
                        .shapeMismatch(name: "2.bias", expected: [3], found: [1]),
                    ],
                    specDifferences: [SpecDifference(place: "L2", saved: "1", current: "3")]))
        }
        XCTAssertEqual(values(target), before)
    }

    func testActivationDifferencesLoadAndAreReported() throws {
        let checkpoint = try NetworkCheckpoint(Network("2 -> 4 relu -> 1 sigmoid")).checkpoint(
            counts: .init(steps: 0, epochs: 0))
        let report = try NetworkCheckpoint(Network("2 -> 4 tanh -> 1 sigmoid")).read(checkpoint)
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(
            report.specDifferences, [SpecDifference(place: "L1", saved: "4 relu", current: "4 tanh")])
    }

    func testNonFiniteValuesAreRefusedEvenWhenNotStrict() throws {
        let saved = try Network("2 -> 2 tanh -> 1", dtype: .float64)
        try saved.parameter(named: "L1.b").assign([.nan, 1])
        try saved.parameter(named: "L2.W").assign([.infinity, 1e300])
        let checkpoint = try NetworkCheckpoint(saved).checkpoint(counts: .init(steps: 0, epochs: 0))
        let target = try Network("2 -> 2 tanh -> 1", seed: 3)
        let before = values(target)
        for strict in [true, false] {
            XCTAssertThrowsError(try NetworkCheckpoint(target).read(checkpoint, strict: strict)) { error in
                XCTAssertEqual(
                    error as? CheckpointError,
                    .nonFiniteValues(findings: [
                        NonFiniteFinding(parameter: "L1.b", nanCount: 1, infiniteCount: 0, isFloat32: true),
                        NonFiniteFinding(parameter: "L2.W", nanCount: 0, infiniteCount: 2, isFloat32: true),
                    ]))
            }
        }
        XCTAssertEqual(values(target), before)
    }

    /// nn.Sequential(Linear, Tanh, LayerNorm, Linear): the layer norm's gamma and beta are
    /// `2.weight` and `2.bias`, untransposed.
    func testALayerNormRoundTripsUnderPyTorchsNames() throws {
        let source = try Network("2 -> 4 tanh -> layernorm -> 1", dtype: .float64, seed: 3)
        let norm = try XCTUnwrap(source.layers[1] as? LayerNormLayer)
        try norm.gain.assign([1, 2, 3, 4])
        try norm.shift.assign([-1, -2, -3, -4])
        let checkpoint = try NetworkCheckpoint(source).checkpoint(counts: .init(steps: 0, epochs: 0))
        XCTAssertEqual(
            checkpoint.tensors.map(\.name),
            ["0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias"])
        XCTAssertEqual(checkpoint["2.weight"]?.values, [1, 2, 3, 4])
        XCTAssertEqual(checkpoint["2.bias"]?.shape, [4])
        let target = try Network("2 -> 4 tanh -> layernorm -> 1", dtype: .float64, seed: 9)
        let report = try NetworkCheckpoint(target).read(checkpoint)
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(values(target), values(source))
    }

    /// nn.Sequential(Embedding(5, 2), Flatten, Linear(6, 8), Tanh, Linear(8, 5), Softmax): the
    /// table is `0.weight` `[vocabulary, width]` as nn.Embedding keeps it, the Linears 2 and 4.
    func testAnEmbeddingRoundTripsUnderPyTorchsNames() throws {
        let spec = "tokens 3 -> embed 2 -> 8 tanh -> 5 softmax"
        let source = try Network(spec, dtype: .float64, seed: 3)
        let checkpoint = try NetworkCheckpoint(source).checkpoint(counts: .init(steps: 4, epochs: 1))
        XCTAssertEqual(
            checkpoint.tensors.map(\.name), ["0.weight", "2.weight", "2.bias", "4.weight", "4.bias"])
        XCTAssertEqual(checkpoint["0.weight"]?.shape, [5, 2])
        XCTAssertEqual(checkpoint["0.weight"]?.values, source.parameters[0].scalars)
        XCTAssertEqual(checkpoint["2.weight"]?.shape, [8, 6])
        XCTAssertEqual(checkpoint.networkSpec, spec)
        let target = try Network(spec, dtype: .float64, seed: 9)
        XCTAssertNotEqual(values(target), values(source))
        let report = try NetworkCheckpoint(target).read(checkpoint)
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(report.steps, 4)
        XCTAssertEqual(values(target), values(source))
    }

    /// The write itself is SafetensorsFile's atomic one (CheckpointFileTests fail it before the rename).
    func testWriteReadsBackAndAFailedWriteLeavesTheOldFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("n.safetensors")
        let network = try Network("2 -> 3 sigmoid -> 1", seed: 4)
        try NetworkCheckpoint(network).write(to: file, counts: .init(steps: 11, epochs: 2))
        let old = try Data(contentsOf: file)
        // A path under a regular file cannot be created; the existing file stays as it was.
        XCTAssertThrowsError(
            try NetworkCheckpoint(network).write(
                to: file.appendingPathComponent("x.safetensors"), counts: .init(steps: 0, epochs: 0)))
        XCTAssertEqual(try Data(contentsOf: file), old)
        let report = try NetworkCheckpoint(Network("2 -> 3 sigmoid -> 1", seed: 5)).read(from: file)
        XCTAssertEqual(report.steps, 11)
        XCTAssertEqual(report.epochs, 2)
    }
}
