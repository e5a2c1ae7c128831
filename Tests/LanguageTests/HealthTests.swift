import Engine
import Render
import XCTest

@testable import Language

/// `show health` on cases whose answer is known (issue 13's diagnostics, first part).
final class HealthTests: XCTestCase {
    private func health(_ session: Session, _ net: String) throws -> [LayerMetrics] {
        try XCTUnwrap(session.state.nets[net]?.history.records.last { !$0.health.isEmpty }).health
    }

    private func shown(_ session: Session, _ source: String) throws -> String {
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(source, output: output))
        return try XCTUnwrap(output.shown.last?.plain)
    }

    /// A block's dense maps are measured as layers are: each has its norms and update ratio in
    /// show health, a series in plot ratio and a strip in plot hist, a LoRA adapter's frozen W
    /// an update ratio of 0.
    func testTheMapsInsideABlockAreMeasured() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 1\ndata ids = [[0, 1, 2, 3], [1, 2, 3, 0]] -> [[1, 2, 3, 0], [2, 3, 0, 1]]\n"
                    + "net lm = tokens 4 -> embed 8 positions -> block 2 -> layernorm -> 4 softmax tied\n"
                    + "lora lm.L2.attn r=2\nunfreeze lm.L2.mlp.fc.W\noptim adam lr=0.01\ntrain steps=3 every=1"
            ))
        let measured = try health(session, "lm")
        XCTAssertEqual(measured.map(\.layer), ["L2.attn", "L2.attn.proj", "L2.mlp.fc", "L2.mlp.proj"])
        XCTAssertEqual(measured[0].updateRatio, 0, "W is frozen under its adapter")
        XCTAssertGreaterThan(measured[2].updateRatio, 0)
        XCTAssertGreaterThan(measured[2].gradientNorm, 0)
        let table = try shown(session, "show health")
        XCTAssertTrue(table.contains("L2.mlp.fc") && table.contains("gelu"), table)
        let ratio = try shown(session, "plot ratio")
        XCTAssertTrue(ratio.contains("L2.mlp.fc"), ratio)
        let strips = try shown(session, "plot hist lm weights")
        XCTAssertTrue(strips.contains("L2.attn.proj"), strips)
    }

    /// Six sigmoid layers: the gradient vanishes toward the input, so the first layer barely moves.
    func testADeepSigmoidStackBarelyMovesItsFirstLayer() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndata ring = circles n=200\n"
                    + "net sig = 2 -> 32 sigmoid -> 32 sigmoid -> 32 sigmoid -> 32 sigmoid -> 32 sigmoid -> 1 sigmoid\n"
                    + "train 5"))
        let layers = try health(session, "sig")
        XCTAssertEqual(layers.count, 6)
        XCTAssertLessThan(layers[0].updateRatio, HealthTable.smallUpdateRatio)
        XCTAssertGreaterThan(layers[5].updateRatio, 1000 * layers[0].updateRatio)
        let table = try shown(session, "show health")
        XCTAssertTrue(table.hasPrefix("health of sig at step 5"), table)
        XCTAssertTrue(table.contains("barely moving"), table)
    }

    /// A learning rate far too high: updates near half the weights' size, then every ReLU dead
    /// and the layer frozen for good (the dying-ReLU failure).
    func testARateTooHighShowsLargeUpdatesThenDeadUnits() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndata ring = circles n=200\nnet hot = 2 -> 16 relu -> 1 sigmoid\noptim sgd lr=20\ntrain 3"
            ))
        XCTAssertGreaterThan(try health(session, "hot")[0].updateRatio, 1e-1)
        XCTAssertTrue(try shown(session, "show health").contains("large updates: lower lr"))
        XCTAssertNil(session.runExpectingSuccess("train 7"))
        let layer = try health(session, "hot")[0]
        XCTAssertEqual(layer.deadShare, 1)
        XCTAssertEqual(layer.updateRatio, 0)
        XCTAssertNil(layer.saturatedShare)
        XCTAssertTrue(try shown(session, "show health").contains("barely moving; mostly dead units"))
    }

    /// tanh units with weights of 10 on inputs of size 1 sit at ±1.
    func testLargeWeightsSaturateTanh() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data xor\nnet t = 2 -> 4 tanh -> 1 sigmoid\nset t.L1.W = 10\nset t.L1.b = 5\nstep"))
        XCTAssertEqual(try health(session, "t")[0].saturatedShare, 1)
        XCTAssertTrue(try shown(session, "show health").contains("saturated"))
    }

    /// Measuring the logged steps changes no number the training computes.
    func testMeasuringChangesNothing() throws {
        let setUp = "seed 2\ndata ring = circles n=40\nnet r = 2 -> 8 tanh -> 1 sigmoid\n"
        let everyStep = Session()
        XCTAssertNil(everyStep.runExpectingSuccess(setUp + "train 20 every=1"))
        let rarely = Session()
        XCTAssertNil(rarely.runExpectingSuccess(setUp + "train 20 every=7"))
        XCTAssertEqual(
            everyStep.state.nets["r"]?.network.parameters.map(\.scalars),
            rarely.state.nets["r"]?.network.parameters.map(\.scalars))
        XCTAssertEqual(everyStep.state.nets["r"]?.history.records.filter { !$0.health.isEmpty }.count, 20)
        XCTAssertEqual(rarely.state.nets["r"]?.history.records.filter { !$0.health.isEmpty }.count, 3)
    }

    /// `plot ratio`: one series per dense layer on a log axis, with the 1e-3 guide.
    func testPlotRatioDrawsEachLayerAndTheGuide() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndata ring = circles n=200\nnet sig = 2 -> 16 sigmoid -> 16 sigmoid -> 1 sigmoid\n"
                    + "train 30 every=3"))
        let chart = try shown(session, "plot ratio")
        XCTAssertTrue(chart.hasPrefix("update ratio ‖ΔW‖/‖W‖ of sig"), chart)
        XCTAssertTrue(chart.contains("L1") && chart.contains("L3") && chart.contains("guide 0.001"), chart)
        XCTAssertTrue(chart.contains("1e-03 ┤" + String(repeating: "·", count: 8)), chart)
        XCTAssertEqual(session.runExpectingError("plot ratio val=true")?.name, "ValueError")
        let fresh = Session()
        XCTAssertNil(fresh.runExpectingSuccess("data xor\nnet x = 2 -> 1 sigmoid"))
        XCTAssertEqual(fresh.runExpectingError("plot ratio")?.value, "net 'x' has no measured step yet")
    }

    func testANetThatHasNotTrainedSaysSo() throws {
        let session = Session()
        XCTAssertEqual(
            try shown(session, "data xor\nnet x = 2 -> 1 sigmoid\nshow health"),
            "net x has no measured step yet (run train or step)")
    }

    /// `export health` writes every measured step's numbers, a row per step and layer, the
    /// same numbers the history holds.
    func testExportHealthWritesEveryMeasuredStep() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-health-\(UUID()).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data xor\nnet n = 2 -> 4 relu -> 1 sigmoid\ntrain 20 every=5\nexport health \"\(file.path)\""
            ))
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(
            lines[0], "step\tlayer\tweight_norm\tgrad_norm\tupdate_ratio\tdead_relu\tsaturated\tnote")
        // Steps 5, 10, 15 and 20, two layers each.
        XCTAssertEqual(lines.count, 1 + 4 * 2)
        let record = try XCTUnwrap(session.state.nets["n"])
        let last = try XCTUnwrap(record.history.records.last?.health.last)
        let fields = lines[8].split(separator: "\t", omittingEmptySubsequences: false)
        XCTAssertEqual(fields[0], "20")
        XCTAssertEqual(fields[1], "L2")
        XCTAssertEqual(Double(fields[4]), last.updateRatio)
        XCTAssertEqual(
            session.runExpectingError("net m = 2 -> 1\nexport health \"\(file.path)\"")?.value,
            "net 'm' has no measured step yet")
    }

}
