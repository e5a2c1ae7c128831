import Foundation
import Render
import XCTest

@testable import Language

final class TrainingTests: XCTestCase {
    private let handChecked = """
        dtype f64
        data one = [[1, 0]] -> [[1]]
        net n = 2 -> 2 sigmoid -> 1 sigmoid
        set n.L1.W = [[0.1, 0.2], [0.3, 0.4]]
        set n.L1.b = [0.5, 0.5]
        set n.L2.W = [[0.6], [0.7]]
        set n.L2.b = [0.1]
        loss mse
        optim sgd lr=0.5
        """

    /// A 2-2-1 net with given weights: `step` matches backprop done by hand in Float64.
    func testStepMatchesHandArithmetic() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(handChecked))
        XCTAssertNil(session.runExpectingSuccess("step"))
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        let (w11, w12, w21, w22, b1, b2, v1, v2, c) = (0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.1)
        let h1 = sigmoid(1 * w11 + 0 * w21 + b1)
        let h2 = sigmoid(1 * w12 + 0 * w22 + b2)
        let y = sigmoid(h1 * v1 + h2 * v2 + c)
        let outputDelta = 2 * (y - 1) * y * (1 - y)
        let delta1 = outputDelta * v1 * h1 * (1 - h1)
        let delta2 = outputDelta * v2 * h2 * (1 - h2)
        let record = try XCTUnwrap(session.state.nets["n"])
        let parameters = record.network.parameters.map(\.scalars)
        let expected: [[Double]] = [
            [w11 - 0.5 * delta1, w12 - 0.5 * delta2, w21, w22], [b1 - 0.5 * delta1, b2 - 0.5 * delta2],
            [v1 - 0.5 * outputDelta * h1, v2 - 0.5 * outputDelta * h2], [c - 0.5 * outputDelta],
        ]
        for (got, want) in zip(parameters, expected) {
            for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: 1e-12) }
        }
        XCTAssertEqual(record.steps, 1)
        // The history's row is the net after the step: the loss of the updated weights.
        let (u, d, q) = (expected[0], expected[1], expected[2])
        let after = sigmoid(
            sigmoid(u[0] + d[0]) * q[0] + sigmoid(u[1] + d[1]) * q[1] + expected[3][0])
        XCTAssertEqual(record.history.records.map(\.step), [0, 1], "the initial state, then the step")
        XCTAssertEqual(record.history.records.first?.loss ?? 0, (1 - y) * (1 - y), accuracy: 1e-12)
        XCTAssertEqual(record.history.records.last?.loss ?? 0, (1 - after) * (1 - after), accuracy: 1e-12)
        XCTAssertLessThan((1 - after) * (1 - after), (1 - y) * (1 - y))
    }

    func testStepShowsEveryQuantityInOneDisplay() throws {
        let session = Session()
        _ = session.runExpectingSuccess(handChecked + "\ndigits 6")
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("step", output: output))
        let shown = try XCTUnwrap(output.shown.first).plain
        for title in [
            "inputs X", "targets T", "L1.z = X·L1.W + L1.b", "L1.a = sigmoid(L1.z)",
            "L2.z = L1.a·L2.W + L2.b",
            "loss mse (mean) = 0.0772035", "L2.δ = ∂loss/∂L2.z", "L1.δ = ∂loss/∂L1.z", "∂loss/∂L1.W",
            "L1.W before", "L1.W after",
        ] {
            XCTAssertTrue(shown.contains(title), title)
        }
        XCTAssertEqual(output.shown.count, 1)
    }

    func testForwardBackwardUpdateEqualOneStep() throws {
        let stepped = Session()
        _ = stepped.runExpectingSuccess(handChecked + "\nstep")
        let parts = Session()
        _ = parts.runExpectingSuccess(handChecked + "\nforward\nbackward\nupdate")
        let a = try XCTUnwrap(stepped.state.nets["n"]).network.parameters.map(\.scalars)
        let b = try XCTUnwrap(parts.state.nets["n"]).network.parameters.map(\.scalars)
        XCTAssertEqual(a, b)
    }

    /// `forward`, `backward`, `update` take the very step `step` takes: the batch of the net's
    /// data cursor, the same dropout masks, clip=, the optimizer's state, and the counts,
    /// cursor, history (health included) and gradient norms it leaves, round after round.
    func testTheThreePartsAreTheStepOnTheCursorsBatches() throws {
        let setups = [
            "seed 3\ndata xor\nnet n = 2 -> 6 tanh -> dropout 0.3 -> 1 sigmoid\noptim adam lr=0.05",
            "seed 3\ndata and\nnet n = perceptron 2",
        ]
        for setup in setups {
            let stepped = Session()
            let parts = Session()
            _ = stepped.runExpectingSuccess(setup)
            _ = parts.runExpectingSuccess(setup)
            for round in 0..<5 {
                let options = round == 3 ? "" : " batch=3"
                _ = stepped.runExpectingSuccess("step\(options) clip=0.5")
                _ = parts.runExpectingSuccess("forward\(options)\nbackward\(options)\nupdate clip=0.5")
                let a = try XCTUnwrap(stepped.state.nets["n"])
                let b = try XCTUnwrap(parts.state.nets["n"])
                XCTAssertEqual(
                    a.network.parameters.map(\.scalars), b.network.parameters.map(\.scalars), setup)
                XCTAssertEqual(a.steps, b.steps)
                XCTAssertEqual(a.epochs, b.epochs)
                XCTAssertEqual(a.history.records, b.history.records, setup)
                XCTAssertEqual(a.stepGradientNorms, b.stepGradientNorms)
                XCTAssertEqual(a.lastPass, b.lastPass)
                XCTAssertEqual(a.cursor(on: "xor"), b.cursor(on: "xor"))
                XCTAssertEqual(a.cursor(on: "and"), b.cursor(on: "and"))
                XCTAssertNil(b.pendingStep)
            }
            XCTAssertEqual(try XCTUnwrap(parts.state.nets["n"]).steps, 5)
        }
    }

    /// `forward` and `backward` show which rows of the data they run on when the step's batch is
    /// not all of them, and do not move the cursor: a second `forward` runs the same batch.
    func testThePartsOfAStepNameTheirBatch() throws {
        let session = Session()
        _ = session.runExpectingSuccess("seed 3\ndata xor\nnet n = 2 -> 3 tanh -> 1 sigmoid")
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("forward batch=3\nforward batch=3\nbackward\nupdate", output: output)
        let shown = output.shown.map(\.plain)
        XCTAssertTrue(
            shown[0].hasPrefix("forward of net n on xor, rows 0…2 (3 of 4): part of step 1"), shown[0])
        XCTAssertEqual(shown[0], shown[1])
        XCTAssertTrue(
            shown[2].hasPrefix("backward of net n on xor, rows 0…2 (3 of 4): part of step 1"), shown[2])
        _ = session.runExpectingSuccess("forward", output: output)
        XCTAssertTrue(
            output.shown.last?.plain.hasPrefix("forward of net n on xor, rows 3…3 (1 of 4)") ?? false)
        // `update` finishes only a step whose pass was backpropagated.
        let refusal = try XCTUnwrap(session.runExpectingError("update"))
        XCTAssertEqual(refusal.value, "the step forward began on 'xor' has no gradients yet")
        XCTAssertTrue(
            refusal.traceback.contains { $0.contains("run backward first") }, "\(refusal.traceback)")
        // A whole batch needs no line of its own: the inputs show every row.
        _ = session.runExpectingSuccess("backward\nupdate\nforward", output: output)
        XCTAssertTrue(output.shown.last?.plain.hasPrefix("inputs X") ?? false)
    }

    /// A data set defined again under its name with fewer rows, between `forward` and
    /// `backward`, begins a new step on it instead of reading rows it no longer has.
    func testAPartOfAStepAfterTheDataChangedBeginsANewStep() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "data d = [[0, 0], [0, 1], [1, 0], [1, 1]] -> [[0], [1], [1], [0]]\n"
                + "net n = 2 -> 2 tanh -> 1 sigmoid\nforward\ndata d = [[0, 0]] -> [[0]]\nbackward\nupdate")
        let record = try XCTUnwrap(session.state.nets["n"])
        XCTAssertEqual(record.steps, 1)
        XCTAssertEqual(record.lastPass?.rows, 1)
    }

    func testTrainingLearnsXorAndShowsProgressInPlace() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 1\ndata xor\nnet xor = 2 -> 4 tanh -> 1 sigmoid\noptim sgd lr=0.5\ntrain 1000 every=100",
                output: output))
        let record = try XCTUnwrap(session.state.nets["xor"])
        XCTAssertEqual(record.steps, 1000)
        XCTAssertEqual(record.history.records.count, 11, "the initial state, then every 100 steps")
        XCTAssertLessThan(record.history.records.last!.loss, 0.1)
        XCTAssertEqual(record.history.records.last?.accuracy, 1)
        guard case .show(let first, let id?) = output.events.first else {
            return XCTFail("no progress display")
        }
        XCTAssertTrue(first.plain.contains("step 0/1000"))
        let updates = output.events.compactMap { event -> String? in
            if case .update(let rendering, id) = event { return rendering.plain }
            return nil
        }
        XCTAssertTrue(updates.last?.contains("step 1000/1000") ?? false)
        XCTAssertTrue(output.shown.last?.plain.hasPrefix("Training summary") ?? false)

        let again = RecordingOutput()
        _ = session.runExpectingSuccess("train 10", output: again)
        guard case .show(_, let secondID?) = again.events.first else { return XCTFail("no progress display") }
        XCTAssertNotEqual(secondID, id, "each run has its own display")
        let last = again.events.compactMap { event -> String? in
            if case .update(let rendering, secondID) = event { return rendering.plain }
            return nil
        }.last
        XCTAssertTrue(last?.contains("epoch 10/10") ?? false, last ?? "")
    }

    /// `progress stream` rewrites one stdout line after a carriage return, for a terminal, and ends
    /// it before the summary; `progress off` shows the summary alone. Neither shows a display.
    func testProgressStreamAndOff() throws {
        let session = Session()
        _ = session.runExpectingSuccess("data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid\nprogress stream")
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("train 200", output: output))
        let lines = output.stdout.split(separator: "\r", omittingEmptySubsequences: true)
        XCTAssertGreaterThanOrEqual(lines.count, 2, output.stdout)
        XCTAssertTrue(lines.first?.contains("step   0/200    0%") ?? false, output.stdout)
        XCTAssertTrue(lines.last?.hasSuffix("\n") ?? false, "the last state ends its line")
        XCTAssertTrue(lines.last?.contains("step 200/200  100%") ?? false, output.stdout)
        XCTAssertFalse(output.stdout.dropLast().contains("\n"), "one line, rewritten")
        XCTAssertTrue(output.events.allSatisfy { if case .update = $0 { false } else { true } })
        XCTAssertEqual(output.shown.count, 1)
        XCTAssertTrue(output.shown[0].plain.hasPrefix("Training summary"))

        _ = session.runExpectingSuccess("progress off")
        let quiet = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("train 50", output: quiet))
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.shown.map { $0.plain.hasPrefix("Training summary") }, [true])
        XCTAssertEqual(session.runExpectingError("progress sideways")?.name, "NameError")
        _ = session.runExpectingSuccess("progress display")
        XCTAssertEqual(session.state.progressStyle, .display)
    }

    /// The progress display is updated at most about four times a second, however fast steps are.
    func testProgressUpdatesAreRateLimited() throws {
        let output = RecordingOutput()
        let start = Date()
        _ = Session().runExpectingSuccess(
            "data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid\ntrain 5000", output: output)
        let seconds = Date().timeIntervalSince(start)
        let updates = output.events.filter { if case .update = $0 { return true } else { return false } }
            .count
        XCTAssertGreaterThanOrEqual(updates, 1)
        XCTAssertLessThanOrEqual(Double(updates), seconds / TrainCommand.progressInterval + 2)
    }

    /// An interrupted `train` keeps its last complete step and says which one.
    func testInterruptedTrainingKeepsLastCompleteStep() throws {
        let session = Session()
        _ = session.runExpectingSuccess("seed 2\ndata xor\nnet xor = 2 -> 4 tanh -> 1 sigmoid")
        let initial = try XCTUnwrap(session.state.nets["xor"]).network.parameters.map(\.scalars)
        let polls = Counter()
        let outcome = session.run("train 100000", output: RecordingOutput()) { polls.next() > 50 }
        guard case .failure(let error) = outcome else { return XCTFail("not interrupted") }
        let record = try XCTUnwrap(session.state.nets["xor"])
        XCTAssertEqual(error.name, "Interrupted")
        XCTAssertGreaterThan(record.steps, 0)
        XCTAssertLessThan(record.steps, 100)
        XCTAssertTrue(error.value.contains("kept at step \(record.steps)"), error.value)
        XCTAssertNotEqual(record.network.parameters.map(\.scalars), initial)
        XCTAssertEqual(record.history.records.last?.step, record.steps)
    }

    /// A statement that fails part-way (the loss blows up) leaves the parameters as before it.
    func testFailedTrainingRestoresParameters() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "seed 4\ndtype f64\ndata lin = [[1], [2], [3]] -> [[2], [4], [6]]\nnet r = 1 -> 1\noptim sgd lr=1e200"
        )
        let before = try XCTUnwrap(session.state.nets["r"]).network.parameters.map(\.scalars)
        let error = session.runExpectingError("train 50")
        XCTAssertEqual(error?.name, "ValueError")
        XCTAssertTrue(error?.value.hasPrefix("the loss became") ?? false, error?.value ?? "")
        let record = try XCTUnwrap(session.state.nets["r"])
        XCTAssertEqual(record.network.parameters.map(\.scalars), before)
        XCTAssertEqual(record.steps, 0)
        XCTAssertTrue(record.history.records.isEmpty)
    }

    /// A statement that fails after the optimizer has stepped also puts the optimizer back:
    /// the next step moves the weights exactly as if the failed statement had never run.
    func testFailedTrainingRestoresOptimizerState() throws {
        let setup = """
            seed 4
            dtype f64
            data lin = [[1], [2], [3]] -> [[2], [4], [6]]
            data huge = [[1e100]] -> [[0]]
            net r = 1 -> 1
            optim sgd lr=0.01 momentum=0.9
            train 3 on lin
            """
        let failed = Session()
        _ = failed.runExpectingSuccess(setup)
        // Step 1 on `huge` is finite and updates the momentum buffer; step 2 overflows.
        let error = failed.runExpectingError("train 5 on huge")
        XCTAssertEqual(error?.name, "ValueError")
        let untouched = Session()
        _ = untouched.runExpectingSuccess(setup)
        for session in [failed, untouched] { _ = session.runExpectingSuccess("train 1 on lin") }
        XCTAssertEqual(
            try XCTUnwrap(failed.state.nets["r"]).network.parameters.map(\.scalars),
            try XCTUnwrap(untouched.state.nets["r"]).network.parameters.map(\.scalars))
    }

    func testStepsAndOnChooseLengthAndData() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "seed 1\ndata m = moons n=20\ndata xor\nnet x = 2 -> 3 tanh -> 1 sigmoid")
        _ = session.runExpectingSuccess("train steps=7 batch=5 on m")
        var record = try XCTUnwrap(session.state.nets["x"])
        XCTAssertEqual(record.steps, 7)
        XCTAssertEqual(record.epochs, 1, "7 steps of 5 rows cover 20 rows once")
        _ = session.runExpectingSuccess("train 2 on xor")
        record = try XCTUnwrap(session.state.nets["x"])
        XCTAssertEqual(record.steps, 9)
        XCTAssertEqual(session.state.currentData, "xor")
    }

    func testUntilStopsEarly() throws {
        let session = Session()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "seed 1\ndata xor\nnet xor = 2 -> 4 tanh -> 1 sigmoid\noptim adam lr=0.05\ntrain 5000 until=loss<0.05",
            output: output)
        let record = try XCTUnwrap(session.state.nets["xor"])
        XCTAssertLessThan(record.steps, 5000)
        XCTAssertLessThan(record.history.records.last!.loss, 0.05)
        XCTAssertTrue(output.shown.last?.plain.contains("loss<0.05 reached") ?? false)
    }

    func testPatienceStopsWhenValidationStopsImproving() throws {
        let session = Session()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "seed 2\ndata ring = circles n=40 split=0.5\nnet r = 2 -> 2 tanh -> 1 sigmoid\noptim sgd lr=1e-9\n"
                + "train 500 patience=3", output: output)
        let record = try XCTUnwrap(session.state.nets["r"])
        XCTAssertLessThan(record.epochs, 500)
        XCTAssertTrue(output.shown.last?.plain.contains("no gain for 3 epochs (patience)") ?? false)
    }

    func testMinibatchTrainingLogsOncePerEpochByDefault() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "seed 2\ndata m = moons n=40\nnet r = 2 -> 4 tanh -> 1 sigmoid\ntrain 3 batch=10")
        let record = try XCTUnwrap(session.state.nets["r"])
        XCTAssertEqual(record.steps, 12)
        XCTAssertEqual(record.history.records.map(\.step), [0, 4, 8, 12])
        XCTAssertEqual(record.history.records.map(\.epoch), [0, 1, 2, 3])
    }

    func testPerceptronLearnsAndWithItsRule() throws {
        let session = Session()
        _ = session.runExpectingSuccess("data and\nnet p = perceptron 2")
        XCTAssertEqual(
            try XCTUnwrap(session.state.nets["p"]).network.parameters.map(\.scalars), [[0, 0], [0]])
        // From zero weights every z is 0, so step(z) = 1 and only the target-0 rows push back:
        // Δw = η Σ (t − y) x = −(x₀ + x₁ + x₂) over the rows with t = 0.
        _ = session.runExpectingSuccess("step batch=4")
        let record = try XCTUnwrap(session.state.nets["p"])
        XCTAssertEqual(record.network.parameters.map(\.scalars), [[-1, -1], [-3]])
        _ = session.runExpectingSuccess("train 20")
        let trained = try XCTUnwrap(session.state.nets["p"])
        XCTAssertEqual(trained.history.records.last?.accuracy, 1)
        XCTAssertEqual(trained.steps, 1 + 20 * 4, "the perceptron rule learns one sample per step")
    }

    func testAdalineAppliesTheLMSRuleToTheLinearOutput() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "dtype f64\ndata d = [[1, 2]] -> [[1]]\nnet a = adaline 2\noptim lms lr=0.1\nstep")
        // z = 0, so w ← w + η (t − z) x = 0.1 · (1, 2) and b ← 0.1.
        var parameters = try XCTUnwrap(session.state.nets["a"]).network.parameters.map(\.scalars)
        XCTAssertEqual(parameters, [[0.1, 0.2], [0.1]])
        // Now z = 0.1 + 0.4 + 0.1 = 0.6: w ← w + 0.1 · 0.4 · (1, 2).
        _ = session.runExpectingSuccess("step")
        parameters = try XCTUnwrap(session.state.nets["a"]).network.parameters.map(\.scalars)
        XCTAssertEqual(parameters[0][0], 0.14, accuracy: 1e-12)
        XCTAssertEqual(parameters[0][1], 0.28, accuracy: 1e-12)
        XCTAssertEqual(parameters[1][0], 0.14, accuracy: 1e-12)
        XCTAssertEqual(session.runExpectingSuccess("a.loss"), "(t − z)² (mean)")
    }

    func testPathsAsValues() throws {
        let session = Session()
        _ = session.runExpectingSuccess(handChecked)
        let bias = try XCTUnwrap(session.runExpectingSuccess("digits 3\nn.L2.b"))
        XCTAssertTrue(bias.hasPrefix("n.L2.b\n"), bias)
        XCTAssertTrue(bias.contains("0.1"), bias)
        _ = session.runExpectingSuccess("step\nstep")
        XCTAssertEqual(session.runExpectingSuccess("n.history.step"), "[0, 1, 2]")
        XCTAssertTrue(session.runExpectingSuccess("n.L1.W.grad")?.hasPrefix("n.L1.W.grad") ?? false)
        XCTAssertTrue(
            session.runExpectingSuccess("n")?.contains("net n = 2 -> 2 sigmoid -> 1 sigmoid") ?? false)
        let unknown = session.runExpectingError("n.L1.delt")
        XCTAssertEqual(unknown?.traceback.last, "did you mean 'delta'?")
    }

    func testPredictNamesClassesOfTheCurrentData() throws {
        let output = RecordingOutput()
        _ = Session().runExpectingSuccess(
            "seed 1\ndata iris\nnet i = 4 -> 3 softmax\noptim adam lr=0.05\ntrain 50\n"
                + "predict [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]", output: output)
        let table = try XCTUnwrap(output.shown.last).plain
        XCTAssertTrue(table.hasPrefix("predictions of i"))
        XCTAssertTrue(table.contains("setosa"), table)
        XCTAssertTrue(table.contains("virginica"), table)
    }

    func testListShowsNetsWithLossTrendsAndDataSets() throws {
        let session = Session()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "seed 1\ndata xor\nnet a = 2 -> 3 tanh -> 1 sigmoid\ntrain 20 every=2\nnet b = 2 -> 1 sigmoid\nlist",
            output: output)
        let table = try XCTUnwrap(output.shown.last).plain.split(separator: "\n").map(String.init)
        XCTAssertEqual(table.first, "nets and data sets (* current)")
        let netA = try XCTUnwrap(table.first { $0.contains(" a ") })
        XCTAssertFalse(netA.hasPrefix("*"))
        XCTAssertTrue(netA.contains("2 -> 3 tanh -> 1 sigmoid"))
        XCTAssertTrue(netA.unicodeScalars.contains { (0x2581...0x2588).contains($0.value) }, "a sparkline")
        XCTAssertTrue(try XCTUnwrap(table.first { $0.contains(" b ") }).hasPrefix("*"))
        XCTAssertTrue(try XCTUnwrap(table.first { $0.contains("xor") }).contains("4 examples, 2 features"))
        let inspected = try XCTUnwrap(session.inspect("show data xor", cursor: 11)).plain
        XCTAssertTrue(inspected.hasPrefix("data xor"), inspected)
    }

    func testSetCopiesAnotherNetsParameterOrFillsWithANumber() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            handChecked + "\nnet m = 2 -> 2 sigmoid -> 1 sigmoid\nset m.L1.W = n.L1.W\nset m.L2.b = 7")
        let record = try XCTUnwrap(session.state.nets["m"])
        XCTAssertEqual(record.network.parameters[0].scalars, [0.1, 0.2, 0.3, 0.4])
        XCTAssertEqual(record.network.parameters[3].scalars, [7])
        XCTAssertEqual(session.runExpectingError("set m.L2.W = n.L1.W")?.name, "ShapeError")
    }

    func testFrozenLayerIsNotUpdated() throws {
        let session = Session()
        _ = session.runExpectingSuccess(handChecked + "\nfreeze n.L1\nstep")
        let record = try XCTUnwrap(session.state.nets["n"])
        XCTAssertEqual(record.network.parameters[0].scalars, [0.1, 0.2, 0.3, 0.4])
        XCTAssertNotEqual(record.network.parameters[2].scalars, [0.6, 0.7])
        _ = session.runExpectingSuccess("unfreeze n\nstep")
        XCTAssertNotEqual(
            try XCTUnwrap(session.state.nets["n"]).network.parameters[0].scalars, [0.1, 0.2, 0.3, 0.4])
    }

    /// A frozen layer has no gradient, as a parameter with requires_grad=False has none in
    /// PyTorch: the views say so instead of showing numbers the update never reads, and the
    /// step view has no ∂loss/∂W for it, nor a δ for a first layer nothing below needs.
    func testAFrozenLayerHasNoGradient() throws {
        let session = Session()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(handChecked + "\nfreeze n.L1\nstep", output: output)
        let step = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertFalse(step.contains("∂loss/∂L1.W"), step)
        XCTAssertFalse(step.contains("L1.δ"), step)
        XCTAssertTrue(step.contains("∂loss/∂L2.W"), step)
        XCTAssertTrue(step.contains("L1.W after (frozen, unchanged)"), step)
        func shown(_ source: String) -> String {
            let output = RecordingOutput()
            _ = session.runExpectingSuccess(source, output: output)
            return output.shown.map(\.plain).joined(separator: "\n")
        }
        let grads = shown("show grads")
        XCTAssertTrue(
            grads.contains(
                "n.L1.W.grad (frozen): no gradient, as a parameter with requires_grad=False has none in PyTorch"
            ),
            grads)
        XCTAssertTrue(grads.contains("n.L2.W.grad"), grads)
        let path = try XCTUnwrap(session.runExpectingError("print n.L1.W.grad"))
        XCTAssertEqual(path.value, "n.L1.W has no gradient: it is frozen")
        // The histogram of gradients leaves the frozen layer out.
        let hist = shown("hist grads")
        XCTAssertFalse(hist.contains("L1.W.grad"), hist)
        XCTAssertTrue(hist.contains("L2.W.grad"), hist)
        _ = session.runExpectingSuccess("freeze n")
        XCTAssertEqual(
            session.runExpectingError("hist grads")?.value,
            "net 'n' has no gradients: every layer is frozen")
        // Unfrozen, the next step gives it a gradient again.
        _ = session.runExpectingSuccess("unfreeze n\nstep")
        XCTAssertNotNil(try XCTUnwrap(session.state.nets["n"]).network.parameters[0].grad)
    }

    func testClipScalesTheGradientsBeforeTheUpdate() throws {
        let session = Session()
        _ = session.runExpectingSuccess(handChecked + "\nstep clip=1e-9")
        let parameters = try XCTUnwrap(session.state.nets["n"]).network.parameters.map(\.scalars)
        for (got, start) in zip(parameters, [[0.1, 0.2, 0.3, 0.4], [0.5, 0.5], [0.6, 0.7], [0.1]]) {
            for (g, s) in zip(got, start) { XCTAssertEqual(g, s, accuracy: 1e-9) }
        }
        XCTAssertEqual(session.runExpectingError("step clip=0")?.value, "option 'clip' must be positive")
    }

    func testLayerLearningRateOverridesTheOptimizers() throws {
        let plain = Session()
        _ = plain.runExpectingSuccess(handChecked + "\nstep")
        let slow = Session()
        _ = slow.runExpectingSuccess(handChecked + "\nset n.L1.lr = 0\nstep")
        let plainParameters = try XCTUnwrap(plain.state.nets["n"]).network.parameters.map(\.scalars)
        let slowParameters = try XCTUnwrap(slow.state.nets["n"]).network.parameters.map(\.scalars)
        XCTAssertEqual(slowParameters[0], [0.1, 0.2, 0.3, 0.4], "L1 has rate 0")
        XCTAssertEqual(slowParameters[2], plainParameters[2], "L2 keeps the optimizer's rate")
    }

    func testGradcheckAgreesInFloat64() throws {
        let output = RecordingOutput()
        _ = Session().runExpectingSuccess(
            "seed 5\ndtype f64\ndata ring = circles n=20\nnet c = 2 -> 5 tanh -> 1 sigmoid\ngradcheck",
            output: output)
        let table = try XCTUnwrap(output.shown.last).plain
        XCTAssertTrue(table.contains("all agree"), table)
        XCTAssertFalse(table.contains("MISMATCH"))
    }

    func testExportWritesTheHistory() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-history-\(UUID()).csv")
            .path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let session = Session()
        _ = session.runExpectingSuccess(handChecked + "\nstep\nstep\nstep\nexport history \"\(file)\"")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline)
        XCTAssertEqual(lines.count, 5, "a header, the initial state and three steps")
        XCTAssertTrue(lines[0].hasPrefix("step,epoch,loss"))
        let error = session.runExpectingError("export history \"out.xlsx\"")
        XCTAssertEqual(error?.name, "ValueError")
        let chart = file.replacingOccurrences(of: ".csv", with: ".txt")
        defer { try? FileManager.default.removeItem(atPath: chart) }
        _ = session.runExpectingSuccess("export plot \"\(chart)\"")
        XCTAssertTrue(try String(contentsOfFile: chart, encoding: .utf8).hasPrefix("loss of n"))
        XCTAssertEqual(session.runExpectingError("export plot \"\(file)\"")?.name, "ValueError")
        // A path under a regular file cannot be created, even by root.
        XCTAssertEqual(session.runExpectingError("export history \"\(file)/h.tsv\"")?.name, "FileError")
    }

    func testSaveAndLoadRoundTrip() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-\(UUID()).safetensors")
            .path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let session = Session()
        _ = session.runExpectingSuccess(handChecked + "\nsave n \"\(file)\"\nstep")
        let trained = try XCTUnwrap(session.state.nets["n"]).network.parameters.map(\.scalars)
        XCTAssertNotEqual(trained[0], [0.1, 0.2, 0.3, 0.4])
        _ = session.runExpectingSuccess("load n \"\(file)\"")
        let loaded = try XCTUnwrap(session.state.nets["n"]).network.parameters.map(\.scalars)
        XCTAssertEqual(loaded, [[0.1, 0.2, 0.3, 0.4], [0.5, 0.5], [0.6, 0.7], [0.1]])
        _ = session.runExpectingSuccess("net other = 2 -> 3 sigmoid -> 1 sigmoid")
        XCTAssertEqual(session.runExpectingError("load other \"\(file)\"")?.name, "ShapeError")
        XCTAssertEqual(
            session.runExpectingError("load other \"/nonexistent/x.safetensors\"")?.name, "FileError")
    }

    func testCompletionAndInspectKnowNetsLayersAndParameters() throws {
        let session = Session()
        _ = session.runExpectingSuccess(handChecked)
        XCTAssertEqual(session.complete("n.L", cursor: 3).matches, ["n.L1", "n.L2"])
        XCTAssertEqual(session.complete("show weights ", cursor: 13).matches.contains("n"), true)
        XCTAssertEqual(
            session.complete("n.L1.", cursor: 5).matches,
            ["n.L1.W", "n.L1.a", "n.L1.b", "n.L1.delta", "n.L1.input", "n.L1.z"])
        XCTAssertEqual(session.complete("train on=o", cursor: 10).matches, ["one"])
        let inspected = try XCTUnwrap(session.inspect("heatmap n.L1.W", cursor: 11)).plain
        XCTAssertTrue(inspected.hasPrefix("n.L1.W: shape [2, 2]; min 0.1, max 0.4, mean 0.25"), inspected)
    }
}

/// Counts calls, for a stop flag that trips after some polls.
private final class Counter: @unchecked Sendable {
    // Only the test's thread calls it: Session.run polls on the caller's thread.
    private var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}

final class EarlyStoppingTests: XCTestCase {
    /// Early stopping puts back the weights of the epoch with the lowest validation loss and says so.
    func testPatienceRestoresTheBestWeights() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndtype f64\ndata ring = circles n=40 noise=0.3 split=0.5\n"
                    + "net r = 2 -> 32 tanh -> 1 sigmoid\noptim adam lr=0.05\ntrain 500 patience=5",
                output: output))
        let record = try XCTUnwrap(session.state.nets["r"])
        let validation = try XCTUnwrap(session.state.datasets["ring"]?.validation)
        XCTAssertLessThan(record.epochs, 500, "the net should overfit and stop early")
        // The epochs trained (the first row is the net before any step, which patience does not restore).
        let logged = record.history.records.filter { $0.step > 0 }.compactMap(\.validationLoss)
        let lowest = try XCTUnwrap(logged.min())
        XCTAssertLessThan(lowest, try XCTUnwrap(logged.last), "the last epoch is not the best")
        XCTAssertEqual(try Metrics.evaluate(record, on: validation).loss, lowest, accuracy: 1e-12)
        let summary = try XCTUnwrap(output.shown.last?.plain)
        XCTAssertTrue(
            summary.contains(
                "\(record.epochs - 5) (step \(record.steps - 5), lowest validation loss); "
                    + "its weights restored"), summary)
    }
}

final class FailedTrainingProgressTests: XCTestCase {
    /// When the loss blows up, the progress display ends at the last complete step and the error
    /// names the next one, both counted within this run.
    func testProgressAndErrorAgreeOnTheStep() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "seed 4\ndtype f64\ndata lin = [[1], [2], [3]] -> [[2], [4], [6]]\nnet r = 1 -> 1\n"
                + "optim sgd lr=1e-3\ntrain 2\noptim sgd lr=1e200")
        let output = RecordingOutput()
        let error = try XCTUnwrap(session.runExpectingError("train 50", output: output))
        let lastProgress = try XCTUnwrap(
            output.events.compactMap { event -> String? in
                if case .update(let rendering, _) = event { return rendering.plain }
                return nil
            }.last)
        let completed = try XCTUnwrap(
            lastProgress.firstMatch(of: /step (\d+)\/50/).map { Int($0.1) }, lastProgress)
        let failed = try XCTUnwrap(error.value.firstMatch(of: /at step (\d+) of this run/).map { Int($0.1) })
        XCTAssertEqual(failed, try XCTUnwrap(completed) + 1, "\(lastProgress) / \(error.value)")
        XCTAssertFalse(error.value.contains("-nan"), error.value)
    }
}
