import Foundation
import XCTest

@testable import Engine

/// `TorchExport`: model.py's text, the optimizer's state in torch's layout, train_config.json,
/// the refusals, and a folder written whole or not at all. The numbers against PyTorch itself
/// are tests/torch's.
final class TorchExportTests: XCTestCase {
    /// A layer of a kind the bridge has no module for.
    private final class UnmappedLayer: Layer {
        let name = "L2"
        var parameters: [Tensor] { [] }
        func connect(_ input: Tensor, batchSize: Int) throws(EngineError) -> LayerTrace {
            LayerTrace(input: input, preActivation: input, output: input)
        }
    }

    private func modelLines(_ spec: String) throws -> [String] {
        try TorchModelSource(Network(spec), name: "n").text.components(separatedBy: "\n")
    }

    func testAModuleOfADenseChainNumbersItsModulesAsTheCheckpoint() throws {
        let lines = try modelLines("2 -> 4 tanh -> 3 leaky_relu(0.2) -> dropout 0.25 -> 1 sigmoid")
        let start = try XCTUnwrap(lines.firstIndex(of: "class Model(nn.Sequential):"))
        XCTAssertEqual(
            Array(lines[start...]),
            [
                "class Model(nn.Sequential):",
                "    \"\"\"2 -> 4 tanh -> 3 leaky_relu(0.2) -> dropout 0.25 -> 1 sigmoid\"\"\"",
                "",
                "    def __init__(self):",
                "        super().__init__(",
                "            nn.Linear(2, 4),  # L1",
                "            nn.Tanh(),",
                "            nn.Linear(4, 3),  # L2",
                "            nn.LeakyReLU(0.2),",
                "            nn.Dropout(0.25),  # L3",
                "            nn.Linear(3, 1),  # L4",
                "            nn.Sigmoid(),",
                "        )",
                "        self.to(DTYPE)",
                "",
                "    def forward(self, x, logits=False):",
                "        \"\"\"The net's output; with logits=True the last layer's z, before its activation.\"\"\"",
                "        modules = list(self)",
                "        if logits:",
                "            modules = modules[:-1]",
                "        for module in modules:",
                "            x = module(x)",
                "        return x",
                "",
            ])
        XCTAssertTrue(lines.contains("DTYPE = torch.float32"))
        XCTAssertTrue(
            lines.contains("SPEC = \"2 -> 4 tanh -> 3 leaky_relu(0.2) -> dropout 0.25 -> 1 sigmoid\""))
        // Only the helper modules a net uses are written.
        XCTAssertFalse(lines.contains { $0.hasPrefix("class Block") || $0.hasPrefix("class TokenEmbedding") })
    }

    func testTheModuleIndicesAreTheCheckpointNames() throws {
        // Every nn.Linear's comment names the layer whose checkpoint tensors carry its index.
        let network = try Network("tokens 3 -> embed 4 -> 5 relu -> layernorm -> 7 softmax")
        let lines = try TorchModelSource(network, name: "n").text.components(separatedBy: "\n")
        let start = try XCTUnwrap(lines.firstIndex(of: "        super().__init__(")) + 1
        let end = try XCTUnwrap(lines.firstIndex(of: "        )"))
        let modules = Array(lines[start..<end])
        XCTAssertEqual(
            modules,
            [
                "            embeddings := TokenEmbedding(7, 4),  # L1",
                "            nn.Flatten(),",
                "            nn.Linear(12, 5),  # L2",
                "            nn.ReLU(),",
                "            nn.LayerNorm(5, eps=1e-05),  # L3",
                "            nn.Linear(5, 7),  # L4",
                "            nn.Softmax(dim=-1),",
            ])
        let names = try NetworkCheckpoint(network).tensorNames.map(\.tensor)
        XCTAssertEqual(names, ["0.weight", "2.weight", "2.bias", "4.weight", "4.bias", "5.weight", "5.bias"])
    }

    func testAGPTIsNanoGPTsModulesWithTheTableTied() throws {
        let lines = try modelLines(
            "tokens 8 -> embed 8 positions -> block 2 -> attention 2 -> layernorm -> 11 softmax tied")
        XCTAssertTrue(lines.contains("            embeddings := Embeddings(11, 8, 8),  # L1"))
        XCTAssertTrue(lines.contains("            Block(8, 2),  # L2"))
        XCTAssertTrue(lines.contains("            CausalSelfAttention(8, 2),  # L3"))
        XCTAssertTrue(lines.contains("            TiedOutput(embeddings, \"wte.weight\"),  # L5"))
        XCTAssertTrue(lines.contains("IS_SEQUENCE_MODEL = True"))
        for helper in ["Embeddings", "CausalSelfAttention", "MLP", "Block", "TiedOutput"] {
            XCTAssertTrue(lines.contains { $0.hasPrefix("class \(helper)(nn.Module):") }, helper)
        }
        XCTAssertTrue(lines.contains("        self.c_attn = nn.Linear(width, 3 * width)"))
        XCTAssertTrue(lines.contains("        self.ln_1 = nn.LayerNorm(width)"))
    }

    func testALastLayerWithoutActivationHasNoLogitsToCut() throws {
        let lines = try modelLines("2 -> 3 relu -> 1")
        XCTAssertFalse(lines.contains("        if logits:"))
        XCTAssertTrue(lines.contains("        # The last layer has no activation: its output is its z."))
    }

    func testALayerOfAnotherKindIsRefusedByName() throws {
        let network = try Network("2 -> 3 relu -> 1")
        let layers: [any Layer] = [network.layers[0], UnmappedLayer()]
        XCTAssertThrowsError(
            try TorchModelSource(layers: layers, spec: network.spec, dtype: .float32, name: "n")
        ) { error in
            XCTAssertEqual(
                error as? TorchExportError, .layerNotExportable(layer: "L2", kind: "UnmappedLayer"))
        }
    }

    // MARK: The optimizer

    /// A net after one step of `optimizer` on a small batch.
    private func stepped(_ optimizer: any Optimizer, spec: String = "2 -> 3 tanh -> 1") throws -> Network {
        let network = try Network(spec, seed: 4)
        let trainer = Trainer(network: network, loss: Loss(.mse), optimizer: optimizer)
        try trainer.step(inputs: [0.5, -1, 1, 2], targets: [0.25, -0.5], rows: 2)
        return network
    }

    func testAdamsMomentsAreWrittenInTorchsLayoutWithTheirSteps() throws {
        let adam = Adam(learningRate: 0.01)
        let network = try stepped(adam)
        let export = try TorchOptimizerExport(adam, checkpoint: NetworkCheckpoint(network))
        XCTAssertEqual(
            export.tensors.map(\.name),
            [
                "0.weight.exp_avg", "0.weight.exp_avg_sq", "0.weight.step", "0.bias.exp_avg",
                "0.bias.exp_avg_sq",
                "0.bias.step", "2.weight.exp_avg", "2.weight.exp_avg_sq", "2.weight.step", "2.bias.exp_avg",
                "2.bias.exp_avg_sq", "2.bias.step",
            ])
        let weight = network.layers[0].parameters[0]
        let moment = try XCTUnwrap(adam.states.existingState(for: weight)?.bufferValues(0))
        let written = try XCTUnwrap(export.tensors.first { $0.name == "0.weight.exp_avg" })
        XCTAssertEqual(written.shape, [3, 2])
        // [in, out] in the engine, [out, in] as torch keeps a Linear's weight and its moments.
        XCTAssertEqual(written.values, NetworkCheckpoint.transposed(moment, rows: 2, columns: 3))
        XCTAssertEqual(export.tensors.first { $0.name == "0.weight.step" }?.values, [1])
        XCTAssertEqual(export.tensors.first { $0.name == "0.weight.step" }?.shape, [])
    }

    func testSGDWritesItsMomentumBufferAndNoStep() throws {
        let sgd = SGD(learningRate: 0.1, momentum: 0.9)
        let export = try TorchOptimizerExport(sgd, checkpoint: NetworkCheckpoint(stepped(sgd)))
        XCTAssertEqual(
            export.tensors.map(\.name),
            [
                "0.weight.momentum_buffer", "0.bias.momentum_buffer", "2.weight.momentum_buffer",
                "2.bias.momentum_buffer",
            ])
        let plain = SGD(learningRate: 0.1)
        XCTAssertEqual(
            try TorchOptimizerExport(plain, checkpoint: NetworkCheckpoint(stepped(plain))).tensors, [])
    }

    func testAnOptimizerThatHasNotSteppedHasNoState() throws {
        let export = try TorchOptimizerExport(Adam.adamW(), checkpoint: NetworkCheckpoint(Network("2 -> 1")))
        XCTAssertEqual(export.tensors, [])
        XCTAssertTrue(export.settings.text().contains("\"name\": \"adamw\""))
    }

    func testParameterGroupsFollowTheLayersRates() throws {
        let network = try Network("2 -> 3 tanh -> 1")
        network.layers[1].parameters.forEach { $0.learningRate = 0.5 }
        let export = try TorchOptimizerExport(SGD(learningRate: 0.1), checkpoint: NetworkCheckpoint(network))
        let text = export.settings.text()
        XCTAssertTrue(text.contains("\"lr\": 0.1,\n      \"parameters\": [\"0.weight\", \"0.bias\"]"), text)
        XCTAssertTrue(text.contains("\"lr\": 0.5,\n      \"parameters\": [\"2.weight\", \"2.bias\"]"), text)
    }

    func testOptimizersWithoutATorchCounterpartHereAreRefused() throws {
        let network = try Network("2 -> 1")
        let cases: [(any Optimizer, TorchExportError)] = [
            (
                ClassicUpdate(learningRate: 1),
                .optimizerNotExportable(
                    kind: "ClassicUpdate", supported: ["sgd", "adam", "adamw", "rmsprop", "adagrad"])
            ),
            (
                SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.5, nesterov: true),
                .nesterovNeedsPlainMomentum(momentum: 0.9, dampening: 0.5)
            ),
            (SGD(learningRate: 0.1, nesterov: true), .nesterovNeedsPlainMomentum(momentum: 0, dampening: 0)),
        ]
        for (optimizer, expected) in cases {
            XCTAssertThrowsError(try TorchOptimizerExport(optimizer, checkpoint: NetworkCheckpoint(network)))
            {
                XCTAssertEqual($0 as? TorchExportError, expected)
            }
        }
    }

    func testRestoringWhatWasExportedGivesTheSameNextStep() throws {
        let optimizers: [() -> any Optimizer] = [
            { Adam(learningRate: 0.01) }, { SGD(learningRate: 0.1, momentum: 0.9) },
            { RMSprop(learningRate: 0.01, momentum: 0.5, centered: true) }, { Adagrad(learningRate: 0.1) },
        ]
        for make in optimizers {
            let first = make()
            let network = try stepped(first)
            let written = try Checkpoint(
                tensors: TorchOptimizerExport(first, checkpoint: NetworkCheckpoint(network)).tensors)
            let copy = network.converted(to: network.dtype)
            let second = make()
            try TorchOptimizerExport.restore(written, into: second, for: NetworkCheckpoint(copy))
            for (net, optimizer) in [(network, first), (copy, second)] {
                try Trainer(network: net, loss: Loss(.mse), optimizer: optimizer)
                    .step(inputs: [1, 0.5, -2, 1], targets: [1, 0], rows: 2)
            }
            XCTAssertEqual(
                copy.parameters.map(\.scalars), network.parameters.map(\.scalars), "\(type(of: first))")
        }
    }

    func testARestoreThatDoesNotFitChangesNothing() throws {
        let network = try Network("2 -> 3 tanh -> 1")
        let mapping = try NetworkCheckpoint(network)
        let adam = Adam()
        let cases: [(Checkpoint, TorchExportError)] = [
            (
                try Checkpoint(tensors: [], metadata: ["optimizer": "sgd"]),
                .optimizerStateMismatch(file: "sgd", net: "adam")
            ),
            (
                try Checkpoint(tensors: [
                    CheckpointTensor(
                        name: "0.weight.momentum_buffer", dtype: .f32, shape: [3, 2],
                        values: Array(repeating: 0, count: 6))
                ]),
                .unexpectedOptimizerTensor(name: "0.weight.momentum_buffer", optimizer: "adam")
            ),
            (
                try Checkpoint(tensors: [
                    CheckpointTensor(
                        name: "0.weight.exp_avg", dtype: .f32, shape: [2, 3],
                        values: Array(repeating: 0, count: 6))
                ]),
                .optimizerTensorShape(name: "0.weight.exp_avg", expected: [3, 2], found: [2, 3])
            ),
            (
                try Checkpoint(tensors: [
                    CheckpointTensor(name: "2.bias.exp_avg_sq", dtype: .f64, shape: [1], values: [.nan])
                ]),
                .nonFiniteOptimizerTensor(name: "2.bias.exp_avg_sq")
            ),
        ]
        let trained = try stepped(adam).parameters[0]
        let before = try XCTUnwrap(adam.states.existingState(for: trained)?.bufferValues(0))
        for (file, expected) in cases {
            XCTAssertThrowsError(try TorchOptimizerExport.restore(file, into: adam, for: mapping)) {
                XCTAssertEqual($0 as? TorchExportError, expected)
            }
        }
        XCTAssertEqual(adam.states.existingState(for: trained)?.bufferValues(0), before)
    }

    // MARK: The folder

    private func export(_ network: Network, optimizer: any Optimizer = Adam()) throws -> TorchExport {
        let samples = try Samples(inputs: [0, 0, 0, 1, 1, 0, 1, 1], targets: [0, 1, 1, 0], count: 4)
        return try TorchExport(
            network, name: "xor",
            run: TorchExport.Run(
                loss: Loss(.bce), optimizer: optimizer, counts: .init(steps: 3, epochs: 1), seed: 42,
                batchSize: 2,
                steps: 2, clipNorm: 1.5),
            data: TorchExport.Rows(
                name: "xor", samples: samples, order: [2, 0, 3, 1], position: 2,
                generator: RandomSource(seed: 9),
                shuffle: true))
    }

    private func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("torch-export-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testTheConfigurationSaysHowTheRunGoesOn() throws {
        let network = try Network("2 -> 4 tanh -> 1 sigmoid")
        network.layers[0].parameters[0].isFrozen = true
        let files = try export(network).files
        XCTAssertEqual(files.map(\.name), TorchExport.fileNames)
        let text = try XCTUnwrap(String(bytes: files[4].bytes, encoding: .utf8))
        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(config["spec"] as? String, "2 -> 4 tanh -> 1 sigmoid")
        XCTAssertEqual(config["seed"] as? Int, 42)
        XCTAssertEqual(config["batch_size"] as? Int, 2)
        XCTAssertEqual(config["clip_norm"] as? Double, 1.5)
        XCTAssertEqual(config["frozen"] as? [String], ["0.weight"])
        let loss = try XCTUnwrap(config["loss"] as? [String: Any])
        XCTAssertEqual(loss["kind"] as? String, "bce")
        XCTAssertEqual(loss["reads_logits"] as? Bool, false)
        let cursor = try XCTUnwrap(config["cursor"] as? [String: Any])
        XCTAssertEqual(cursor["position"] as? Int, 2)
        XCTAssertEqual(cursor["step"] as? Int, 3)
        XCTAssertEqual(cursor["generator"] as? [String], RandomSource(seed: 9).stateWords.map { String($0) })

        let weights = try SafetensorsFormat.decode(files[1].bytes)
        XCTAssertEqual(weights.metadata["spec"], "2 -> 4 tanh -> 1 sigmoid")
        XCTAssertEqual(weights.metadata["step"], "3")
        XCTAssertEqual(weights.metadata["seed"], "42")
        let rows = try SafetensorsFormat.decode(files[3].bytes)
        XCTAssertEqual(rows["inputs"]?.shape, [4, 2])
        XCTAssertEqual(rows["order"]?.values, [2, 0, 3, 1])
    }

    func testASchedulesFormIsWhatTheScriptReads() {
        let schedule = LearningRateSchedule.warmup(steps: 2, then: .cosine(period: 8, minimum: 0.001))
        XCTAssertEqual(
            JSONValue.object(TorchExport.schedule(schedule)).text(),
            """
            {
              "kind": "warmup",
              "steps": 2,
              "then": {
                "kind": "cosine",
                "period": 8,
                "minimum": 0.001
              }
            }
            """)
        XCTAssertEqual(
            JSONValue.object(TorchExport.schedule(.step(size: 3, gamma: 0.5))).text(),
            "{\n  \"kind\": \"step\",\n  \"size\": 3,\n  \"gamma\": 0.5\n}")
    }

    func testAnExportReplacesAnEarlierOneWhole() throws {
        let folder = try scratch().appendingPathComponent("run")
        try export(Network("2 -> 1 sigmoid", seed: 1)).write(to: folder.path)
        try export(Network("2 -> 3 tanh -> 1 sigmoid", seed: 2)).write(to: folder.path)
        let model = try String(contentsOf: folder.appendingPathComponent("model.py"), encoding: .utf8)
        XCTAssertTrue(model.contains("SPEC = \"2 -> 3 tanh -> 1 sigmoid\""))
        let left = try FileManager.default.contentsOfDirectory(
            atPath: folder.deletingLastPathComponent().path)
        XCTAssertEqual(left, ["run"], "no staging or old folder is left beside it")
    }

    func testAFailedWriteLeavesTheEarlierExportAsItWas() throws {
        let folder = try scratch().appendingPathComponent("run")
        try export(Network("2 -> 1 sigmoid", seed: 1)).write(to: folder.path)
        let before = try Data(contentsOf: folder.appendingPathComponent("model.safetensors"))
        struct DiskFull: Error {}
        XCTAssertThrowsError(
            try export(Network("2 -> 3 tanh -> 1 sigmoid", seed: 2)).write(
                to: folder.path, beforeMove: { throw DiskFull() }))
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("model.safetensors")), before)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path),
            ["run"],
            "the staging folder is removed")
    }

    func testAFolderOfOtherFilesIsLeftAsItWas() throws {
        let folder = try scratch().appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        XCTAssertThrowsError(try export(Network("2 -> 1 sigmoid")).write(to: folder.path)) {
            XCTAssertEqual($0 as? TorchExportError, .foreignFiles(path: folder.path, files: ["notes.txt"]))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["notes.txt"])
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path),
            ["mine"])
    }

    func testAMissingParentOrAFileIsRefused() throws {
        let root = try scratch()
        let missing = root.appendingPathComponent("no/run")
        XCTAssertThrowsError(try export(Network("2 -> 1 sigmoid")).write(to: missing.path)) {
            XCTAssertEqual(
                $0 as? TorchExportError, .missingParent(path: root.appendingPathComponent("no").path))
        }
        let file = root.appendingPathComponent("file")
        try Data().write(to: file)
        XCTAssertThrowsError(try export(Network("2 -> 1 sigmoid")).write(to: file.path)) {
            XCTAssertEqual($0 as? TorchExportError, .notADirectory(path: file.path))
        }
    }
}
