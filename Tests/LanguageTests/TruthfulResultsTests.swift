import Engine
import Foundation
import Render
import XCTest

@testable import Language

/// Issue 9 §5: results that were wrong or mislabelled. Each test failed before its fix.
final class TruthfulResultsTests: XCTestCase {
    private let xor = "seed 1\ndata xor\nnet x = 2 -> 3 tanh -> 1 sigmoid\n"

    /// The display a statement shows.
    private func shown(_ session: Session, _ source: String) throws -> String {
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(source, output: output))
        return try XCTUnwrap(output.shown.last?.plain)
    }

    private func parameters(_ session: Session, _ net: String = "x") throws -> [[Double]] {
        try XCTUnwrap(session.state.nets[net]).network.parameters.map(\.scalars)
    }

    // MARK: step has train's guard

    /// `step` with lr=1e200 wrote infinities into every weight and answered ok.
    func testStepRefusesAnUpdateThatOverflowsAndKeepsTheNet() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor + "step"))
        let before = try parameters(session)
        let error = session.runExpectingError("optim sgd lr=1e200\nstep")
        XCTAssertEqual(error?.name, "ValueError")
        XCTAssertEqual(error?.value, "the update made L1.W non-finite at step 2 of net 'x'")
        XCTAssertEqual(try parameters(session), before)
        XCTAssertEqual(session.state.nets["x"]?.steps, 1)
        XCTAssertEqual(session.state.nets["x"]?.history.records.map(\.step), [0, 1])
    }

    /// `train` had the same hole: an update that overflows with a finite loss passed its guard.
    func testTrainRefusesAnUpdateThatOverflows() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor))
        let before = try parameters(session)
        let error = session.runExpectingError("optim sgd lr=1e200\ntrain steps=1")
        XCTAssertEqual(error?.value, "the update made L1.W non-finite at step 1 of this run")
        XCTAssertTrue(error?.traceback.joined().contains("the learning rate was 1e+200") ?? false)
        XCTAssertEqual(try parameters(session), before)
    }

    /// Data that `train clip=` refuses is refused by `step clip=` too, and `update` is guarded.
    func testStepAndUpdateRefuseWhatTrainRefuses() throws {
        let session = Session()
        let setUp = "data big = [[1e20]] -> [[0]]\nnet g = 1 -> 1\nset g.L1.W = [[0.1]]\nset g.L1.b = [[0]]"
        XCTAssertNil(session.runExpectingSuccess(setUp))
        let before = try parameters(session, "g")
        XCTAssertNotNil(session.runExpectingError("train 1 clip=1"))
        let stepError = session.runExpectingError("step clip=1")
        XCTAssertEqual(stepError?.value, "the gradient of L1.W became non-finite at step 1 of net 'g'")
        XCTAssertEqual(try parameters(session, "g"), before)
        let updateError = session.runExpectingError("optim sgd lr=1e30\nbackward\nupdate")
        XCTAssertEqual(updateError?.name, "ValueError")
        XCTAssertEqual(try parameters(session, "g"), before)
    }

    /// `forward` and `backward` go through the same trainer, so a loss that overflows is refused there too.
    func testForwardAndBackwardRefuseANonFiniteLoss() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data huge = [[1e30]] -> [[0]]\nnet g = 1 -> 1\nset g.L1.W = [[0.1]]\nset g.L1.b = [[0]]"))
        for statement in ["forward", "backward"] {
            let error = session.runExpectingError(statement)
            XCTAssertEqual(error?.value, "the loss became inf in the pass of net 'g'", statement)
        }
        XCTAssertNil(session.state.nets["g"]?.network.parameters.first?.grad)
    }

    // MARK: losses say what they compute

    func testSseIsASumAndRefusesAMeanReduction() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor + "loss sse"))
        XCTAssertEqual(session.state.nets["x"]?.loss.reduction, .sum)
        XCTAssertTrue(try shown(session, "show summary").contains("loss sse (sum)"))
        let error = session.runExpectingError("loss sse reduction=mean")
        XCTAssertEqual(error?.value, "loss sse is ½ Σ (t − y)², always a sum; it has no reduction=mean")
        XCTAssertNil(session.runExpectingSuccess("loss sse reduction=sum"))
    }

    /// With one output the softmax is 1 whatever the logit: ce trained with loss 0 and no gradient.
    func testCrossEntropyNeedsAnOutputPerClass() throws {
        let session = Session()
        let error = session.runExpectingError(xor + "loss ce")
        XCTAssertEqual(error?.name, "ValueError")
        XCTAssertEqual(error?.value, "loss ce needs one output per class, but net 'x' has 1 output")
        XCTAssertEqual(session.state.nets["x"]?.loss.kind, .bce)
        XCTAssertNil(session.runExpectingSuccess("net two = 2 -> 3 tanh -> 2 softmax\nloss ce"))
    }

    // MARK: history rows are one state of the net

    /// A row's loss came from before its step's update and its accuracy from after it.
    func testHistoryRowMeasuresTheWeightsAfterItsStep() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor + "optim sgd lr=2\ntrain 3"))
        let record = try XCTUnwrap(session.state.nets["x"])
        let data = try XCTUnwrap(session.state.datasets["xor"])
        let now = try Metrics.evaluate(record, on: data.training)
        let last = try XCTUnwrap(record.history.latest)
        XCTAssertEqual(last.loss, now.loss)
        XCTAssertEqual(last.accuracy, now.accuracy)
        let table = try shown(session, "show history")
        XCTAssertTrue(table.contains("each row: the weights after that step"), table)
    }

    /// After early stopping put the best epoch back, show compare reported the last epoch.
    func testCompareReportsTheRestoredWeights() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndtype f64\ndata ring = circles n=40 noise=0.3 split=0.5\n"
                    + "net r = 2 -> 32 tanh -> 1 sigmoid\noptim adam lr=0.05\ntrain 500 patience=5"))
        let record = try XCTUnwrap(session.state.nets["r"])
        let data = try XCTUnwrap(session.state.datasets["ring"])
        let validation = try Metrics.evaluate(record, on: try XCTUnwrap(data.validation))
        let restored = try XCTUnwrap(record.restored)
        XCTAssertEqual(restored.validationLoss, validation.loss)
        XCTAssertNotEqual(restored.validationLoss, record.history.latest?.validationLoss)
        let table = try ComparisonTable.table([record], target: nil, digits: 17)
        let text = table.rendering().plain
        XCTAssertTrue(text.contains(ValueFormatter(digits: 17).format(validation.loss)), text)
        XCTAssertTrue(text.contains("restored by patience=: r at step \(restored.step)"), text)
    }

    /// The lr column showed the base rate while a layer trained at its own.
    func testHistoryShowsEachLayersOwnRate() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor + "set x.L1.lr = 0.01\ntrain 2"))
        let table = try shown(session, "show history")
        XCTAssertTrue(table.contains("lr L1") && table.contains("lr L2"), table)
        let last = try XCTUnwrap(session.state.nets["x"]?.history.latest)
        XCTAssertEqual(last.layerRates, [0.01, 0.1])
        let plain = Session()
        XCTAssertNil(plain.runExpectingSuccess(xor + "train 2"))
        XCTAssertFalse(try shown(plain, "show history").contains("lr L1"))
    }

    // MARK: one mode and one mask per step

    /// With dropout, forward ran in evaluation mode and backward drew a new mask.
    func testForwardAndBackwardShareOnePassWithItsMasks() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 2\ndata xor\nnet d = 2 -> 16 relu -> dropout 0.5 -> 1 sigmoid\nforward", output: output)
        )
        let forward = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertTrue(forward.contains("mode: training (dropout active"), forward)
        let forwardLoss = try XCTUnwrap(forward.split(separator: "\n").last { $0.hasPrefix("loss ") })
        let masked = try XCTUnwrap(session.runExpectingSuccess("d.L2.a"))
        let backwardOutput = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("backward", output: backwardOutput))
        let backward = try XCTUnwrap(backwardOutput.shown.last?.plain)
        XCTAssertEqual(backward.split(separator: "\n").first.map(String.init), String(forwardLoss))
        XCTAssertEqual(try XCTUnwrap(session.runExpectingSuccess("d.L2.a")), masked)
        // Inputs alone are a prediction, in evaluation mode, and say so.
        let predicted = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("forward [[0, 1]]", output: predicted))
        XCTAssertTrue(try XCTUnwrap(predicted.shown.last?.plain).contains("mode: evaluation (dropout off)"))
    }

    // MARK: the update is the optimizer's own

    /// The heading showed θ ← θ − η·∇θ for Adam; now its rule, bias corrections and moments.
    func testStepShowsAdamsOwnUpdateWithItsNumbers() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                xor + "dtype f64\nnet a = 2 -> 2 tanh -> 1 sigmoid\noptim adam lr=0.1"))
        XCTAssertNil(session.runExpectingSuccess("step", output: output))
        let shown = try XCTUnwrap(output.shown.last?.plain)
        for line in [
            "update: adam lr=0.1", "m ← β₁·m + (1 − β₁)·g", "v ← β₂·v + (1 − β₂)·g²",
            "θ ← θ − lr/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)", "L1.W: t = 1, 1 − β₁ᵗ = 0.1",
            "L1.W m (first moment)", "L1.W v (second moment)",
        ] {
            XCTAssertTrue(shown.contains(line), line)
        }
        XCTAssertFalse(shown.contains("for plain sgd"))
        // The moments shown are Adam's: m = (1 − β₁)·g and v = (1 − β₂)·g² after one step.
        let record = try XCTUnwrap(session.state.nets["a"])
        let optimizer = try XCTUnwrap(record.optimizerInstance)
        let weight = record.network.parameters[0]
        let explanation = optimizer.explainUpdate(of: weight)
        let gradient = try XCTUnwrap(weight.grad)
        let m = try XCTUnwrap(explanation.buffers.first { $0.name.hasPrefix("m") }).values
        let v = try XCTUnwrap(explanation.buffers.first { $0.name.hasPrefix("v") }).values
        for (index, g) in gradient.enumerated() {
            XCTAssertEqual(m[index], 0.1 * g, accuracy: 1e-15)
            XCTAssertEqual(v[index], 0.001 * g * g, accuracy: 1e-18)
        }
    }

    func testSgdWithMomentumShowsItsBuffer() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(xor + "optim sgd lr=0.1 momentum=0.9\nstep\nstep", output: output))
        let shown = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertTrue(shown.contains("b ← g at the first step, then b ← μ·b + (1 − τ)·g"), shown)
        XCTAssertTrue(shown.contains("L1.W b (momentum buffer)"), shown)
        XCTAssertTrue(shown.contains("L1.W: μ = 0.9, τ = 0, t = 2"), shown)
    }

    // MARK: views show what the step showed

    /// After `step`, x.L1.a showed the activations of the updated weights, not the step's.
    func testViewsAfterStepShowTheStepsPass() throws {
        let stepped = Session()
        XCTAssertNil(stepped.runExpectingSuccess(xor + "step"))
        let fresh = Session()
        XCTAssertNil(fresh.runExpectingSuccess(xor + "forward"))
        for path in ["x.L1.a", "x.L1.z", "x.L2.a"] {
            XCTAssertEqual(stepped.runExpectingSuccess(path), fresh.runExpectingSuccess(path), path)
        }
        XCTAssertEqual(try shown(stepped, "show activations"), try shown(fresh, "show activations"))
    }

    /// After a full-batch `train`, the views show its last step's pass, not the evaluation the
    /// history ran afterwards on the same plan with the updated weights.
    func testViewsAfterTrainShowTheLastStepsPass() throws {
        let trained = Session()
        XCTAssertNil(trained.runExpectingSuccess(xor + "train 1 shuffle=false"))
        let fresh = Session()
        XCTAssertNil(fresh.runExpectingSuccess(xor + "forward"))
        for path in ["x.L1.a", "x.L2.a"] {
            XCTAssertEqual(trained.runExpectingSuccess(path), fresh.runExpectingSuccess(path), path)
        }
        XCTAssertNotNil(trained.state.nets["x"]?.lastPass?.layers.first?.delta)
    }

    // MARK: one data cursor per net

    /// Each train restarted at row 0, so two one-step runs differed from one two-step run.
    func testTrainContinuesTheNetsDataCursor() throws {
        let setUp = "seed 5\ndata ring = circles n=10\nnet r = 2 -> 4 tanh -> 1 sigmoid\n"
        let once = Session()
        XCTAssertNil(once.runExpectingSuccess(setUp + "train steps=2 batch=3"))
        let twice = Session()
        XCTAssertNil(twice.runExpectingSuccess(setUp + "train steps=1 batch=3\ntrain steps=1 batch=3"))
        XCTAssertEqual(try parameters(once, "r"), try parameters(twice, "r"))
        let epochs = Session()
        XCTAssertNil(epochs.runExpectingSuccess(setUp + "train steps=4 batch=3"))
        XCTAssertEqual(epochs.state.nets["r"]?.epochs, 1, "four batches of 3, 3, 3, 1 make one epoch")
    }

    /// `step` takes its batches from the same cursor: it continues where train stopped.
    func testStepContinuesWhereTrainStopped() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid\ntrain steps=1 batch=2 shuffle=false"))
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("step batch=2", output: output))
        XCTAssertTrue(
            try XCTUnwrap(output.shown.last?.plain).hasPrefix("step 2 of net x on xor, rows 2…3 (2)"))
        XCTAssertEqual(session.state.nets["x"]?.epochs, 1)
    }

    func testTrainRefusesWordsAfterOnData() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor))
        let error = session.runExpectingError("train on xor 3")
        XCTAssertEqual(error?.name, "SyntaxError")
        XCTAssertEqual(error?.value, "unexpected argument 3 of train")
        XCTAssertEqual(session.state.nets["x"]?.steps, 0)
    }

    // MARK: parameters hold numbers

    func testSetRefusesValuesThatAreNotFiniteNumbers() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor))
        let before = try parameters(session)
        XCTAssertEqual(
            session.runExpectingError("set x.L2.b = [1e400]")?.value,
            "x.L2.b can only hold finite numbers, but value 1 is inf")
        XCTAssertEqual(session.runExpectingError("set x.L2.b = [1e300]")?.name, "ValueError")
        XCTAssertEqual(try parameters(session), before)
    }

    /// A checkpoint with NaN weights was loaded silently.
    func testLoadRefusesACheckpointHoldingNaN() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("x.safetensors").path
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(xor + "save x \"\(file)\""))
        // Overwrite the first Float32 of the data (after the 8-byte length and the header) with a NaN.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        bytes.replaceSubrange((8 + headerLength)..<(12 + headerLength), with: [0x00, 0x00, 0xc0, 0x7f])
        try bytes.write(to: URL(fileURLWithPath: file))
        XCTAssertNil(session.runExpectingSuccess("net y = 2 -> 3 tanh -> 1 sigmoid"))
        let before = try parameters(session, "y")
        let error = session.runExpectingError("load y \"\(file)\"")
        XCTAssertEqual(error?.name, "ValueError")
        XCTAssertEqual(error?.value, "\(file) holds values that are not finite numbers; net 'y' is unchanged")
        XCTAssertEqual(try parameters(session, "y"), before)
    }
}
