import Foundation
import XCTest

@testable import Engine

/// LoRA adapters: which maps a path names, that an adapted net starts computing what it
/// computed, that only the adapters train, that merging keeps the outputs (1e-12 in Float64),
/// the finite-difference check of A and B, and the checkpoint names in PEFT's layout.
final class LowRankAdapterTests: XCTestCase {
    private let gpt = "tokens 8 -> embed 16 positions -> block 2 -> block 2 -> layernorm -> 11 softmax tied"

    private func rows(_ count: Int, width: Int, seed: UInt64) -> [Double] {
        var random = RandomSource(seed: seed)
        return (0..<(count * width)).map { _ in random.nextUniform(in: -1, 1) }
    }

    private func tokens(_ count: Int, seed: UInt64) -> [Double] {
        var random = RandomSource(seed: seed)
        return (0..<(count * 8)).map { _ in Double(random.nextIndex(below: 11)) }
    }

    /// Gives every B random values, as training would, so the adapters change the outputs.
    private func perturbAdapters(_ network: Network, seed: UInt64) {
        var random = RandomSource(seed: seed)
        for map in network.denseMaps {
            guard let up = map.adapter?.up else { continue }
            for index in 0..<up.count { up[flat: index] = random.nextNormal() * 0.3 }
        }
    }

    func testPathsNameMapsAndModules() throws {
        let net = try Network(gpt, dtype: .float64, seed: 1)
        let names = { (path: [String]) in net.denseMaps(under: path).map(\.name) }
        XCTAssertEqual(names(["L2", "attn"]), ["L2.attn", "L2.attn.proj"])
        XCTAssertEqual(names(["l2", "ATTN", "proj"]), ["L2.attn.proj"])
        XCTAssertEqual(names(["*", "attn"]), ["L2.attn", "L2.attn.proj", "L3.attn", "L3.attn.proj"])
        XCTAssertEqual(names(["L3", "mlp"]), ["L3.mlp.fc", "L3.mlp.proj"])
        XCTAssertEqual(names(["L2"]), ["L2.attn", "L2.attn.proj", "L2.mlp.fc", "L2.mlp.proj"])
        XCTAssertEqual(names(["L9"]), [])
        // A tied output has no map of its own, so the whole net is the blocks' eight maps.
        XCTAssertEqual(names([]).count, 8)
        let mlp = try Network("4 -> 8 tanh -> 8 relu -> 3 softmax", dtype: .float64, seed: 1)
        XCTAssertEqual(mlp.denseMaps(under: []).map(\.name), ["L1", "L2"], "all but the output layer")
        XCTAssertEqual(mlp.denseMaps(under: ["L3"]).map(\.name), ["L3"])
    }

    func testAnAdaptedNetStartsWhereItWasAndFreezesTheBase() throws {
        let base = try Network("4 -> 8 tanh -> 3 softmax", dtype: .float64, seed: 3)
        let inputs = rows(5, width: 4, seed: 4)
        let before = try base.predict(inputs, rows: 5)
        var random = RandomSource(seed: 5)
        let adapted = try base.addingAdapters(
            [LowRankAdapterSpec(map: "L1", rank: 2, alpha: 4)], random: &random)
        XCTAssertEqual(try adapted.predict(inputs, rows: 5), before, "B starts at zero")
        XCTAssertEqual(
            adapted.parameters.map(\.name), ["L1.W", "L1.b", "L1.lora_A", "L1.lora_B", "L2.W", "L2.b"])
        XCTAssertEqual(adapted.parameters.filter { !$0.isFrozen }.map(\.name), ["L1.lora_A", "L1.lora_B"])
        let down = try adapted.parameter(named: "L1.lora_A")
        XCTAssertEqual(down.shape, [4, 2])
        XCTAssertTrue(down.scalars.allSatisfy { abs($0) <= 0.5 } && down.scalars.contains { $0 != 0 })
        XCTAssertEqual(try adapted.parameter(named: "L1.lora_B").scalars, Array(repeating: 0, count: 16))
        XCTAssertTrue(base.adapters.isEmpty, "the net adapted is left as it was")
        XCTAssertEqual(base.parameters.count, 4)
    }

    func testOnlyTheAdaptersTrain() throws {
        let base = try Network("4 -> 8 tanh -> 3 softmax", dtype: .float64, seed: 3)
        var random = RandomSource(seed: 5)
        let adapted = try base.addingAdapters(
            [
                LowRankAdapterSpec(map: "L1", rank: 2, alpha: 4),
                LowRankAdapterSpec(map: "L2", rank: 1, alpha: 1),
            ],
            random: &random)
        let frozen = adapted.parameters.filter(\.isFrozen).map(\.scalars)
        let trainer = Trainer(
            network: adapted, loss: Loss(.crossEntropy), optimizer: Adam(learningRate: 0.05))
        let inputs = rows(6, width: 4, seed: 8)
        let targets: [Double] = [0, 1, 2, 0, 1, 2]
        let first = try trainer.step(inputs: inputs, targets: targets, rows: 6).loss
        var last = first
        for _ in 0..<30 { last = try trainer.step(inputs: inputs, targets: targets, rows: 6).loss }
        XCTAssertLessThan(last, first)
        XCTAssertEqual(adapted.parameters.filter(\.isFrozen).map(\.scalars), frozen, "W and b untouched")
        XCTAssertNotEqual(try adapted.parameter(named: "L2.lora_B").scalars, [0, 0, 0])
    }

    func testMergedOutputsEqualAdaptedOutputsInFloat64() throws {
        let mlp = try Network("4 -> 8 tanh -> 8 relu -> 3 softmax", dtype: .float64, seed: 3)
        var random = RandomSource(seed: 6)
        let adapted = try mlp.addingAdapters(
            [
                LowRankAdapterSpec(map: "L1", rank: 3, alpha: 8),
                LowRankAdapterSpec(map: "L3", rank: 2, alpha: 1),
            ],
            random: &random)
        perturbAdapters(adapted, seed: 9)
        let inputs = rows(7, width: 4, seed: 10)
        let outputs = try adapted.predict(inputs, rows: 7)
        XCTAssertNotEqual(outputs, try mlp.predict(inputs, rows: 7), "the adapters change the outputs")
        let merged = adapted.mergingAdapters()
        XCTAssertTrue(merged.adapters.isEmpty)
        XCTAssertEqual(merged.parameters.map(\.name), mlp.parameters.map(\.name))
        for (a, b) in zip(try merged.predict(inputs, rows: 7), outputs) {
            XCTAssertEqual(a, b, accuracy: 1e-12)
        }
        // W + (α/r)·A·B by hand for one entry.
        let a = try adapted.parameter(named: "L1.lora_A").scalars
        let b = try adapted.parameter(named: "L1.lora_B").scalars
        let w = try adapted.parameter(named: "L1.W").scalars
        var product = 0.0
        for k in 0..<3 { product += a[1 * 3 + k] * b[k * 8 + 5] }
        let expected = w[1 * 8 + 5] + 8.0 / 3.0 * product
        XCTAssertEqual(try merged.parameter(named: "L1.W").scalars[1 * 8 + 5], expected, accuracy: 1e-15)
    }

    func testMergedGPTEqualsAdaptedGPT() throws {
        let net = try Network(gpt, dtype: .float64, seed: 2)
        var random = RandomSource(seed: 3)
        let adapted = try net.addingAdapters(
            net.denseMaps(under: ["*", "attn"]).map { LowRankAdapterSpec(map: $0.name, rank: 4, alpha: 8) }
                + [LowRankAdapterSpec(map: "L3.mlp.fc", rank: 2, alpha: 2)],
            random: &random)
        perturbAdapters(adapted, seed: 4)
        let inputs = tokens(3, seed: 5)
        let outputs = try adapted.predict(inputs, rows: 3)
        XCTAssertNotEqual(outputs, try net.predict(inputs, rows: 3))
        let merged = adapted.mergingAdapters()
        for (a, b) in zip(try merged.predict(inputs, rows: 3), outputs) {
            XCTAssertEqual(a, b, accuracy: 1e-12)
        }
    }

    func testAdapterGradientsMatchFiniteDifferences() throws {
        let net = try Network("3 -> 5 tanh -> 2 sigmoid", dtype: .float64, seed: 1)
        var random = RandomSource(seed: 2)
        let adapted = try net.addingAdapters(
            [
                LowRankAdapterSpec(map: "L1", rank: 2, alpha: 3),
                LowRankAdapterSpec(map: "L2", rank: 2, alpha: 2),
            ],
            random: &random)
        perturbAdapters(adapted, seed: 3)
        let results = try adapted.gradientCheck(
            inputs: rows(4, width: 3, seed: 4), targets: [0, 1, 1, 0, 1, 1, 0, 0], rows: 4, loss: Loss(.mse))
        for name in ["L1.lora_A", "L1.lora_B", "L2.lora_A", "L2.lora_B"] {
            let result = try XCTUnwrap(results.first { $0.parameter == name })
            XCTAssertLessThan(result.worstRelativeError, 1e-6, name)
        }
    }

    func testRefusals() throws {
        let net = try Network("4 -> 8 tanh -> 3 softmax", dtype: .float64, seed: 3)
        var random = RandomSource(seed: 5)
        XCTAssertThrowsError(
            try net.addingAdapters([LowRankAdapterSpec(map: "L1", rank: 5, alpha: 1)], random: &random)
        ) {
            XCTAssertEqual($0 as? EngineError, .adapterRankOutOfRange(map: "L1", rank: 5, limit: 4))
        }
        XCTAssertThrowsError(
            try net.addingAdapters([LowRankAdapterSpec(map: "L1", rank: 0, alpha: 1)], random: &random)
        ) {
            XCTAssertEqual($0 as? EngineError, .adapterRankOutOfRange(map: "L1", rank: 0, limit: 4))
        }
        XCTAssertThrowsError(
            try net.addingAdapters([LowRankAdapterSpec(map: "L1", rank: 2, alpha: -1)], random: &random)
        ) {
            XCTAssertEqual($0 as? EngineError, .adapterAlphaInvalid(alpha: -1))
        }
        XCTAssertThrowsError(
            try net.addingAdapters([LowRankAdapterSpec(map: "L7", rank: 2, alpha: 1)], random: &random)
        ) {
            XCTAssertEqual($0 as? EngineError, .unknownParameter(name: "L7", valid: ["L1", "L2"]))
        }
        let adapted = try net.addingAdapters(
            [LowRankAdapterSpec(map: "L1", rank: 2, alpha: 1)], random: &random)
        XCTAssertThrowsError(
            try adapted.addingAdapters([LowRankAdapterSpec(map: "L1", rank: 1, alpha: 1)], random: &random)
        ) {
            XCTAssertEqual($0 as? EngineError, .adapterExists(map: "L1", rank: 2))
        }
        XCTAssertThrowsError(
            try net.addingAdapters(
                [
                    LowRankAdapterSpec(map: "L2", rank: 1, alpha: 1),
                    LowRankAdapterSpec(map: "L2", rank: 2, alpha: 1),
                ],
                random: &random)
        ) { XCTAssertEqual($0 as? EngineError, .adapterExists(map: "L2", rank: 1)) }
        XCTAssertThrowsError(try AdapterCheckpoint(net)) {
            XCTAssertEqual($0 as? CheckpointError, .noAdapters)
        }
    }

    func testCheckpointNamesFollowPEFT() throws {
        let net = try Network(gpt, dtype: .float32, seed: 2)
        var random = RandomSource(seed: 3)
        let adapted = try net.addingAdapters(
            [
                LowRankAdapterSpec(map: "L2.attn", rank: 4, alpha: 8),
                LowRankAdapterSpec(map: "L3.mlp.proj", rank: 2, alpha: 8),
            ], random: &random)
        let names = try NetworkCheckpoint(adapted).tensorNames.map(\.tensor)
        XCTAssertTrue(names.contains("1.attn.c_attn.lora_A.weight"))
        XCTAssertTrue(names.contains("2.mlp.c_proj.lora_B.weight"))
        let adapters = try AdapterCheckpoint(adapted)
        XCTAssertEqual(adapters.modules.map(\.name), ["1.attn.c_attn", "2.mlp.c_proj"])
        let file = try adapters.checkpoint()
        XCTAssertEqual(
            file.tensors.map(\.name),
            [
                "base_model.model.1.attn.c_attn.lora_A.weight",
                "base_model.model.1.attn.c_attn.lora_B.weight",
                "base_model.model.2.mlp.c_proj.lora_A.weight", "base_model.model.2.mlp.c_proj.lora_B.weight",
            ])
        XCTAssertEqual(file["base_model.model.1.attn.c_attn.lora_A.weight"]?.shape, [4, 16])
        XCTAssertEqual(file["base_model.model.1.attn.c_attn.lora_B.weight"]?.shape, [48, 4])
        // lora_A.weight is A transposed: its row k is A's column k.
        let a = try adapted.parameter(named: "L2.attn.lora_A").scalars
        let saved = try XCTUnwrap(file["base_model.model.1.attn.c_attn.lora_A.weight"]).values
        XCTAssertEqual(saved[1 * 16 + 3], Double(Float(a[3 * 4 + 1])))
        let config = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(adapters.configJSON.utf8)) as? [String: Any])
        XCTAssertEqual(config["peft_type"] as? String, "LORA")
        XCTAssertEqual(config["r"] as? Int, 4)
        XCTAssertEqual(config["lora_alpha"] as? Int, 8)
        XCTAssertEqual(config["target_modules"] as? [String], ["1.attn.c_attn", "2.mlp.c_proj"])
        XCTAssertEqual(config["rank_pattern"] as? [String: Int], ["2.mlp.c_proj": 2])
        XCTAssertEqual((config["alpha_pattern"] as? [String: Any])?.count, 0)
    }

    func testCheckpointRoundTripKeepsAdapters() throws {
        let net = try Network("4 -> 8 tanh -> 3 softmax", dtype: .float64, seed: 3)
        var random = RandomSource(seed: 5)
        let adapted = try net.addingAdapters(
            [LowRankAdapterSpec(map: "L1", rank: 2, alpha: 4)], random: &random)
        perturbAdapters(adapted, seed: 6)
        let checkpoint = try NetworkCheckpoint(adapted).checkpoint(counts: .init(steps: 3, epochs: 1))
        var other = RandomSource(seed: 99)
        let target = try Network("4 -> 8 tanh -> 3 softmax", dtype: .float64, seed: 8)
            .addingAdapters([LowRankAdapterSpec(map: "L1", rank: 2, alpha: 4)], random: &other)
        let report = try NetworkCheckpoint(target).read(checkpoint)
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(target.snapshot(), adapted.snapshot())
        // A plain net reading a file with adapters lists them as unexpected when not strict.
        let plain = try Network("4 -> 8 tanh -> 3 softmax", dtype: .float64, seed: 8)
        let partial = try NetworkCheckpoint(plain).read(checkpoint, strict: false)
        XCTAssertEqual(
            partial.skipped,
            [
                .unexpected(name: "0.lora_A.weight", shape: [2, 4]),
                .unexpected(name: "0.lora_B.weight", shape: [8, 2]),
            ])
    }
}
