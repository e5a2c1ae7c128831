import Engine
import Foundation
import XCTest

@testable import Language

/// `save` and `load` through the session: the step and epoch counts come back, `strict=false`
/// loads what matches and lists the rest, and a refused load changes nothing.
final class CheckpointCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func file(_ name: String = "a.safetensors") -> String {
        directory.appendingPathComponent(name).path
    }

    private func parameters(_ session: Session, _ net: String) throws -> [[Double]] {
        try XCTUnwrap(session.state.nets[net]).network.parameters.map(\.scalars)
    }

    /// A session with net `a` (2 -> 4 tanh -> 1 sigmoid) trained 7 epochs of xor and saved.
    private func trainedAndSaved() throws -> Session {
        let session = Session()
        _ = session.runExpectingSuccess(
            "seed 1\ndata xor\nnet a = 2 -> 4 tanh -> 1 sigmoid\ntrain 7 batch=2\nsave a \"\(file())\"")
        let record = try XCTUnwrap(session.state.nets["a"])
        XCTAssertEqual(record.steps, 14)
        XCTAssertEqual(record.epochs, 7)
        return session
    }

    func testLoadRestoresStepsAndEpochs() throws {
        let session = try trainedAndSaved()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "net b = 2 -> 4 tanh -> 1 sigmoid\nuse a\nload b \"\(file())\"", output: output)
        XCTAssertEqual(output.stdout, "loaded b from \(file()) at step 14, epoch 7\n")
        let record = try XCTUnwrap(session.state.nets["b"])
        XCTAssertEqual(record.steps, 14)
        XCTAssertEqual(record.epochs, 7)
        XCTAssertEqual(try parameters(session, "b"), try parameters(session, "a"))
        // load changes the named net and leaves the current one as it was.
        XCTAssertEqual(session.state.currentNet, "a")
    }

    /// `save optimizer=` and `load optimizer=` stop and resume a run exactly: the Adam moments and
    /// step counts come back with the weights, so five steps after the load are the five the run
    /// would have taken, bit for bit. Without the state, Adam starts afresh and they differ.
    func testASavedOptimizerStateResumesTrainingExactly() throws {
        let setup = "seed 2\ndata xor\nnet a = 2 -> 4 tanh -> 1 sigmoid\noptim adam lr=0.05"
        let state = file("a-optim.safetensors")
        let run = Session()
        let output = RecordingOutput()
        _ = run.runExpectingSuccess(
            setup + "\ntrain 5 shuffle=false\nsave a \"\(file())\" optimizer=\"\(state)\"", output: output)
        XCTAssertEqual(
            output.stdout, "saved a to \(file()), and its adam state (12 tensors) to \(state)\n")
        _ = run.runExpectingSuccess("train 5 shuffle=false")

        let resumed = Session()
        let loaded = RecordingOutput()
        _ = resumed.runExpectingSuccess(
            setup + "\nload a \"\(file())\" optimizer=\"\(state)\"", output: loaded)
        XCTAssertEqual(
            loaded.stdout,
            "loaded a from \(file()) at step 5, epoch 5\nrestored the adam state (12 tensors) from \(state)\n"
        )
        _ = resumed.runExpectingSuccess("train 5 shuffle=false")
        XCTAssertEqual(try parameters(resumed, "a"), try parameters(run, "a"))
        XCTAssertEqual(resumed.state.nets["a"]?.steps, 10)

        let fresh = Session()
        _ = fresh.runExpectingSuccess(setup + "\nload a \"\(file())\"\ntrain 5 shuffle=false")
        XCTAssertNotEqual(try parameters(fresh, "a"), try parameters(run, "a"))
    }

    /// The state `save optimizer=` writes is the `optimizer.safetensors` of `export torch` for
    /// the same net, tensor for tensor: the file train_ddp.py loads into torch.optim.
    func testASavedOptimizerStateIsExportTorchsFile() throws {
        let session = Session()
        let state = file("s.safetensors")
        let folder = file("run")
        _ = session.runExpectingSuccess(
            "seed 4\ndata xor\nnet a = 2 -> 3 tanh -> 1 sigmoid\noptim adamw lr=0.01\ntrain 3\n"
                + "save a \"\(file())\" optimizer=\"\(state)\"\nexport torch a \"\(folder)\"")
        let saved = try SafetensorsFile.read(from: URL(fileURLWithPath: state))
        let exported = try SafetensorsFile.read(
            from: URL(fileURLWithPath: folder).appendingPathComponent("optimizer.safetensors"))
        XCTAssertEqual(saved, exported)
        XCTAssertEqual(saved.metadata, ["optimizer": "adamw", "step": "3"])
        XCTAssertEqual(saved.tensors.count, 12)
    }

    /// A net that has not stepped saves an empty state; state from another step is noted; the
    /// classic rules have no optimizer state to save, and adapters are saved alone.
    func testSavingAnOptimizerStateSaysWhatItWrote() throws {
        let session = Session()
        let state = file("s.safetensors")
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "data xor\nnet a = 2 -> 3 tanh -> 1 sigmoid\noptim sgd lr=0.1 momentum=0.9\n"
                + "save a \"\(file())\" optimizer=\"\(state)\"", output: output)
        XCTAssertEqual(
            output.stdout,
            "saved a to \(file()), and its sgd state (0 tensors: it has not stepped yet) to \(state)\n")
        _ = session.runExpectingSuccess("train 3\nsave a \"\(file())\" optimizer=\"\(state)\"")
        let noted = RecordingOutput()
        _ = session.runExpectingSuccess(
            "net b = 2 -> 3 tanh -> 1 sigmoid\noptim sgd lr=0.1 momentum=0.9\n"
                + "load b \"\(file())\" resume=false optimizer=\"\(state)\"", output: noted)
        XCTAssertTrue(
            noted.stdout.hasSuffix(
                "restored the sgd state (4 tensors) from \(state)\nnote: the optimizer state is from step 3 "
                    + "and the net is at step 0: it describes other weights\n"), noted.stdout)

        _ = session.runExpectingSuccess("net p = perceptron 2\ndata and")
        let classic = try XCTUnwrap(
            session.runExpectingError("save p \"\(file("p.safetensors"))\" optimizer=\"\(state)\""))
        XCTAssertEqual(
            classic.value, "net 'p' learns by the perceptron rule, which keeps no optimizer state to save")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("p.safetensors")))

        _ = session.runExpectingSuccess("use a\nlora a.L1 r=1")
        let adapters = try XCTUnwrap(
            session.runExpectingError("save a \"\(file("ad"))\" adapters optimizer=\"\(state)\""))
        XCTAssertEqual(
            adapters.value,
            "optimizer= saves the state of a whole net's optimizer, and adapters saves the adapters alone")
    }

    /// Fine-tuning starts its own count: resume=false loads the weights and keeps the net's.
    func testResumeFalseLoadsTheWeightsAndKeepsTheCounts() throws {
        let session = try trainedAndSaved()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "net b = 2 -> 4 tanh -> 1 sigmoid\nload b \"\(file())\" resume=false", output: output)
        XCTAssertEqual(
            output.stdout, "loaded b from \(file()); steps and epochs kept at 0 and 0 (resume=false)\n")
        XCTAssertEqual(session.state.nets["b"]?.steps, 0)
        XCTAssertEqual(try parameters(session, "b"), try parameters(session, "a"))
    }

    /// A file saved with LoRA adapters names them as unexpected in a net without, says how to add
    /// them, and loads once the net has the same adapters.
    func testAFileWithAdaptersSaysToAddThemFirst() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "seed 1\ndtype f64\ndata xor\nnet a = 2 -> 4 tanh -> 1 sigmoid\nlora a.L1 r=2\ntrain 5\n"
                + "save a \"\(file())\"\nnet b = 2 -> 4 tanh -> 1 sigmoid")
        let error = try XCTUnwrap(session.runExpectingError("load b \"\(file())\""))
        XCTAssertEqual(error.name, "ShapeError")
        XCTAssertTrue(error.value.contains("unexpected '0.lora_A.weight' [2, 2]"), error.value)
        XCTAssertTrue(
            error.traceback.joined(separator: "\n").contains(
                "the file holds LoRA adapters the net has not: add them first (lora b.LAYER r=R with the saved r)"
            ),
            error.traceback.joined(separator: "\n"))
        XCTAssertNil(session.runExpectingSuccess("lora b.L1 r=2\nload b \"\(file())\""))
        XCTAssertEqual(try parameters(session, "b"), try parameters(session, "a"))
    }

    func testNotStrictLoadsWhatMatchesAndListsWhatItSkipped() throws {
        let session = try trainedAndSaved()
        _ = session.runExpectingSuccess("net c = 2 -> 4 tanh -> 3 sigmoid")
        let before = try parameters(session, "c")
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("load c \"\(file())\" strict=false", output: output)
        XCTAssertEqual(
            output.stdout,
            """
            loaded 2 of 4 tensors of c from \(file()) (L1.W, L1.b)
            skipped 2:
              '2.weight' has shape [1, 4], expected [3, 4]
              '2.bias' has shape [1], expected [3]
            steps and epochs kept at 0 and 0: the file's counts describe other weights
            note: the file was saved from 2 -> 4 tanh -> 1 sigmoid
              L2 is 1 sigmoid in the file, 3 sigmoid in the net

            """)
        let loaded = try parameters(session, "c")
        XCTAssertEqual(Array(loaded.prefix(2)), Array(try parameters(session, "a").prefix(2)))
        XCTAssertEqual(Array(loaded.suffix(2)), Array(before.suffix(2)))
        XCTAssertEqual(session.state.nets["c"]?.steps, 0)
    }

    func testStrictLoadRefusesAMismatchAndChangesNothing() throws {
        let session = try trainedAndSaved()
        _ = session.runExpectingSuccess("net c = 2 -> 4 tanh -> 3 sigmoid")
        let before = try parameters(session, "c")
        let error = try XCTUnwrap(session.runExpectingError("load c \"\(file())\""))
        XCTAssertEqual(error.name, "ShapeError")
        XCTAssertEqual(
            error.value,
            "checkpoint does not match the network:\n  '2.weight' has shape [1, 4], expected [3, 4]\n"
                + "  '2.bias' has shape [1], expected [3]")
        let traceback = error.traceback.joined(separator: "\n")
        XCTAssertTrue(traceback.contains("L2 is 1 sigmoid in the file, 3 sigmoid in the net"), traceback)
        XCTAssertTrue(traceback.contains("strict=false"), traceback)
        XCTAssertEqual(try parameters(session, "c"), before)
        XCTAssertEqual(session.state.nets["c"]?.steps, 0)
    }

    func testDifferentActivationsLoadWithANote() throws {
        let session = try trainedAndSaved()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "net r = 2 -> 4 relu -> 1 sigmoid\nload r \"\(file())\"", output: output)
        XCTAssertEqual(
            output.stdout,
            "loaded r from \(file()) at step 14, epoch 7\nnote: the file was saved from 2 -> 4 tanh -> 1 sigmoid\n"
                + "  L1 is 4 tanh in the file, 4 relu in the net\n")
    }

    func testPyTorchFileWithoutMetadataLoadsAndKeepsTheCounts() throws {
        // The tensors of a PyTorch state dict alone: no spec, no step.
        let session = try trainedAndSaved()
        let bare = try Checkpoint(tensors: SafetensorsFile.read(from: URL(fileURLWithPath: file())).tensors)
        try SafetensorsFile.write(bare, to: URL(fileURLWithPath: file("torch.safetensors")))
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("load a \"\(file("torch.safetensors"))\"", output: output)
        XCTAssertEqual(output.stdout, "loaded a from \(file("torch.safetensors"))\n")
        XCTAssertEqual(session.state.nets["a"]?.steps, 14)
    }

    func testMapRenamesLayersToTheFilesModules() throws {
        let session = try trainedAndSaved()
        // Without the tanh module L2 would be Linear 1; the file has it as 2.
        _ = session.runExpectingSuccess("net plain = 2 -> 4 -> 1 sigmoid")
        let refused = try XCTUnwrap(session.runExpectingError("load plain \"\(file())\""))
        XCTAssertEqual(refused.name, "ShapeError")
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("load plain \"\(file())\" map=\"L2=2\"", output: output)
        XCTAssertTrue(
            output.stdout.hasPrefix("loaded plain from \(file()) at step 14, epoch 7\n"), output.stdout)
        XCTAssertEqual(try parameters(session, "plain"), try parameters(session, "a"))

        let unknown = session.runExpectingError("load plain \"\(file())\" map=\"L9=2\"")
        XCTAssertEqual(unknown?.name, "NameError")
        XCTAssertEqual(session.runExpectingError("load plain \"\(file())\" map=\"L2\"")?.name, "ValueError")
        XCTAssertEqual(
            session.runExpectingError("load plain \"\(file())\" map=\"L2=0\"")?.value,
            "map= makes two layers read '0.weight'; give each layer its own module")
    }

    func testStrictTakesOnlyTrueOrFalse() throws {
        let session = try trainedAndSaved()
        XCTAssertEqual(session.runExpectingError("load a \"\(file())\" strict=2")?.name, "ValueError")
    }
}
