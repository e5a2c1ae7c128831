import Engine
import XCTest

@testable import Language

/// `plot hist`: each layer's distribution over the measured steps, from the quantiles `train` keeps.
final class HistogramStripTests: XCTestCase {
    func testQuantilesAndSharesOfKnownValues() {
        let quantiles = LayerDistribution.quantiles((0...32).map(Double.init).reversed() + [.nan])
        XCTAssertEqual(quantiles, (0...16).map { Double($0 * 2) })
        XCTAssertEqual(LayerDistribution.share(atOrBelow: 8, quantiles: quantiles), 0.25)
        XCTAssertEqual(LayerDistribution.share(atOrBelow: -1, quantiles: quantiles), 0)
        XCTAssertEqual(
            LayerDistribution.shares(between: [0, 8, 16, 32], quantiles: quantiles), [0.25, 0.25, 0.5])
        // A point mass lands whole in the bin that holds it.
        let constant = LayerDistribution.quantiles(Array(repeating: 1, count: 5))
        XCTAssertEqual(LayerDistribution.shares(between: [0, 0.5, 1.5, 2], quantiles: constant), [0, 1, 0])
        XCTAssertEqual(LayerDistribution.quantiles([]), [])
        // Values at the lowest edge (a ReLU's zeros) count in the first bin.
        let zeros = LayerDistribution.quantiles([0, 0, 0, 0, 1])
        XCTAssertEqual(LayerDistribution.shares(between: [0, 0.5, 1], quantiles: zeros), [0.875, 0.125])
    }

    /// Weights that do not move (a frozen layer) are one point mass at every step, in the same row.
    func testWeightsThatStayPutFillOneRowAtEveryStep() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data xor\nnet n = 2 -> 3 tanh -> 1 sigmoid\nset n.L1.W = 0.5\nfreeze n.L1\ntrain 4 every=1"))
        let records = try XCTUnwrap(session.state.nets["n"]).history.records.filter {
            !$0.distributions.isEmpty
        }
        XCTAssertEqual(records.map(\.step), [1, 2, 3, 4])
        for record in records {
            XCTAssertEqual(record.distributions.map(\.layer), ["L1", "L2"])
            XCTAssertEqual(
                record.distributions[0].weights, Array(repeating: 0.5, count: LayerDistribution.levels))
        }
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("plot hist n height=3 ascii=true", output: output))
        let text = try XCTUnwrap(output.shown.last?.plain)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "weights of n over time")
        let strip = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("L1.W over steps 1–4") })
        // Equal ends widen to ±0.5, three bins labelled by their middles.
        XCTAssertEqual(lines[strip + 2], "0.833")
        XCTAssertEqual(lines[strip + 3], "  0.5 ########")
        XCTAssertEqual(lines[strip + 4], "0.167")
        // Exported, each layer's share of every bin at every step: L1's whole mass in its middle bin.
        let table = try XCTUnwrap(session.state.lastResults["hist"]?.table)
        XCTAssertEqual(table.columns.map(\.header), ["layer", "step", "bin from", "bin to", "share"])
        let l1 = table.rows.filter { $0.first == .text("L1") }
        XCTAssertEqual(l1.count, 4 * 3)
        XCTAssertEqual(
            l1.compactMap { if case .number(let share) = $0[4] { share } else { nil } },
            Array(repeating: [0, 1, 0], count: 4).flatMap { $0 })
    }

    /// A deep sigmoid stack's gradients vanish toward the input: the first layer's spread is a
    /// small fraction of the last's at every measured step.
    func testADeepSigmoidStacksFirstGradientsAreNarrow() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndata ring = circles n=200\n"
                    + "net sig = 2 -> 32 sigmoid -> 32 sigmoid -> 32 sigmoid -> 32 sigmoid -> 32 sigmoid -> 1 sigmoid\n"
                    + "train 6 every=2\nplot hist sig grads"))
        let records = try XCTUnwrap(session.state.nets["sig"]).history.records.filter {
            !$0.distributions.isEmpty
        }
        XCTAssertEqual(records.count, 3)
        for record in records {
            let spread = record.distributions.map { ($0.gradients?.last ?? 0) - ($0.gradients?.first ?? 0) }
            XCTAssertLessThan(spread[0] * 100, spread[5])
        }
        // Sigmoid outputs lie in (0, 1), and the strips say so.
        for distribution in records[0].distributions {
            let outputs = try XCTUnwrap(distribution.activations)
            XCTAssertGreaterThan(outputs.first!, 0)
            XCTAssertLessThan(outputs.last!, 1)
        }
        XCTAssertNil(session.runExpectingSuccess("plot hist sig activations"))
        XCTAssertEqual(
            session.runExpectingError("plot hist sig log=true")?.value,
            "option 'log' is for loss, ratio and gradnorm charts only"
        )
        let fresh = Session()
        XCTAssertNil(fresh.runExpectingSuccess("net f = 2 -> 1"))
        XCTAssertEqual(
            fresh.runExpectingError("plot hist f grads")?.value, "net 'f' has no measured step yet")
    }
}
