import Engine
import Foundation
import Render
import XCTest

@testable import Language

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `train watch=` and `plot gradnorm|saturation` on cases whose answer is known, and the
/// explanation of a run that diverges (issue 13's live diagnostics).
final class LiveDiagnosticsTests: XCTestCase {
    /// One unit, y = w·x + b, on the single row 1 → 0 under mse, from w = 0.5, b = 0: the
    /// gradient is (2y, 2y), so ‖∇θ‖ = 2√2·y, and plain SGD multiplies y by 1 − 4·lr each step.
    private let unit =
        "data one = [[1]] -> [[0]]\nnet u = 1 -> 1\nset u.L1.W = [[0.5]]\nset u.L1.b = [[0]]\nloss mse\n"

    /// The series names of an SVG line chart, after checking that it parses as XML.
    private func seriesNames(_ svg: String?) throws -> [String] {
        let document = try XMLDocument(xmlString: try XCTUnwrap(svg), options: [])
        var names: [String] = []
        func visit(_ element: XMLElement) {
            let attributes = element.attributes ?? []
            if element.name == "path",
                attributes.first(where: { $0.name == "class" })?.stringValue?.split(separator: " ")
                    .contains("series") == true,
                let name = attributes.first(where: { $0.name == "data-series" })?.stringValue
            {
                names.append(name)
            }
            for child in element.children ?? [] {
                if let child = child as? XMLElement { visit(child) }
            }
        }
        visit(try XCTUnwrap(document.rootElement()))
        return names
    }

    /// The last rendering each display id had, shown or updated, in the order first shown.
    private func finalDisplays(_ output: RecordingOutput) -> [(
        id: String, rendering: Rendering, updates: Int
    )] {
        var displays: [(id: String, rendering: Rendering, updates: Int)] = []
        for event in output.events {
            switch event {
            case .show(let rendering, let id?): displays.append((id, rendering, 0))
            case .update(let rendering, let id):
                if let index = displays.firstIndex(where: { $0.id == id }) {
                    displays[index].rendering = rendering
                    displays[index].updates += 1
                }
            default: break
            }
        }
        return displays
    }

    func testGradientNormOfEveryStepIsTheHandComputedOne() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess("dtype f64\n" + unit + "optim sgd lr=0.1\ntrain steps=5 every=5"))
        let norms = try XCTUnwrap(session.state.nets["u"]).stepGradientNorms
        XCTAssertEqual(norms.steps, [1, 2, 3, 4, 5])
        for (step, norm) in zip(norms.steps, norms.values) {
            XCTAssertEqual(norm, 2 * 2.0.squareRoot() * 0.5 * pow(0.6, Double(step - 1)), accuracy: 1e-12)
        }
        let plotted = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("plot gradnorm", output: plotted))
        let chart = try XCTUnwrap(plotted.shown.last)
        XCTAssertTrue(chart.plain.hasPrefix("global gradient norm ‖∇θ‖ of u\n"), chart.plain)
        XCTAssertEqual(try seriesNames(chart.svg), ["‖∇θ‖"])
    }

    /// Each watched chart is a display of its own after the progress, updated in place under its
    /// id, ending as the picture `plot` draws, in text and SVG with the right series.
    func testWatchedChartsUpdateInPlaceAndEndAsThePlotPicture() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndata ring = circles n=200\nnet hot = 2 -> 16 relu -> 1 sigmoid\noptim sgd lr=20\n"
                    + "train 6 every=2 watch=[gradnorm, ratio, saturation, loss]",
                output: output))
        let displays = finalDisplays(output)
        XCTAssertEqual(displays.count, 5)
        XCTAssertTrue(displays[0].rendering.plain.contains("step 6/6"), displays[0].rendering.plain)
        XCTAssertTrue(displays.allSatisfy { $0.updates >= 1 })
        let (gradnorm, ratio, saturation, loss) = (
            displays[1].rendering, displays[2].rendering, displays[3].rendering, displays[4].rendering
        )
        XCTAssertTrue(gradnorm.plain.hasPrefix("global gradient norm ‖∇θ‖ of hot"), gradnorm.plain)
        XCTAssertEqual(try seriesNames(gradnorm.svg), ["‖∇θ‖"])
        XCTAssertEqual(try seriesNames(ratio.svg), ["L1", "L2", "guide 0.001"])
        XCTAssertEqual(try seriesNames(saturation.svg), ["L1 dead", "L2 saturated"])
        XCTAssertEqual(try seriesNames(loss.svg), ["loss"])
        // The final pictures are the ones plot draws of the net afterwards.
        for (topic, rendering) in [("gradnorm", gradnorm), ("ratio", ratio), ("saturation", saturation)] {
            let plotted = RecordingOutput()
            XCTAssertNil(session.runExpectingSuccess("plot \(topic)", output: plotted))
            XCTAssertEqual(plotted.shown.last, rendering, topic)
        }
        // The known answers: a rate of 20 moves L1 by far more than a tenth of its size, then
        // kills every ReLU unit.
        let health = try XCTUnwrap(session.state.nets["hot"]?.history.records.filter { !$0.health.isEmpty })
        XCTAssertGreaterThan(health[0].health[0].updateRatio, 1e-1)
        XCTAssertEqual(health.last?.health[0].deadShare, 1)
        XCTAssertTrue(saturation.plain.contains("L1 dead"), saturation.plain)
    }

    /// Before a chart has a point its display says what it waits for, and an update replaces it.
    func testAChartWithoutPointsSaysWhatItWaitsFor() throws {
        let session = Session()
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(unit + "train steps=3 every=3 watch=ratio", output: output))
        let shown = output.events.compactMap { event -> Rendering? in
            if case .show(let rendering, let id?) = event, !rendering.plain.contains("step 0/") {
                _ = id
                return rendering
            }
            return nil
        }
        XCTAssertEqual(
            shown.map(\.plain),
            ["update ratio ‖ΔW‖/‖W‖ of u: drawn from the first logged step (every 3 steps)"])
        XCTAssertNil(shown.first?.svg)
        let final = try XCTUnwrap(finalDisplays(output).last)
        XCTAssertEqual(try seriesNames(final.rendering.svg), ["L1", "guide 0.001"])
    }

    /// tanh units with weights of 10 on inputs of size 1 sit at ±1: the saturation chart's one
    /// series is at 1.
    func testSaturationOfLargeTanhWeightsIsOne() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data xor\nnet t = 2 -> 4 tanh -> 1\nset t.L1.W = 10\nset t.L1.b = 5\nloss mse\ntrain 2 every=1"
            ))
        let plotted = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("plot saturation", output: plotted))
        let chart = try XCTUnwrap(plotted.shown.last)
        XCTAssertEqual(try seriesNames(chart.svg), ["L1 saturated"])
        let shares = session.state.nets["t"]?.history.records.compactMap { $0.health.first?.saturatedShare }
        XCTAssertEqual(shares, [1, 1])
    }

    func testWatchRefusesWhatCannotBeDrawn() {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(unit))
        let noLayers = session.runExpectingError("train 2 watch=saturation")
        XCTAssertEqual(
            noLayers?.value, "net 'u' has no relu, sigmoid or tanh layer, whose units could die or saturate")
        XCTAssertEqual(session.state.nets["u"]?.steps, 0)
        XCTAssertEqual(
            session.runExpectingError("train 2 watch=[loss, gradnrom]")?.value,
            "option 'watch' cannot take 'gradnrom'")
        XCTAssertEqual(
            session.runExpectingError("train 2 watch=[loss, loss]")?.value,
            "option 'watch' names 'loss' twice")
        XCTAssertEqual(
            session.runExpectingError("train 2 watch=3")?.value,
            "option 'watch' takes names from loss, gradnorm, ratio, saturation but was given 3")
        XCTAssertEqual(
            session.runExpectingError("plot saturation")?.value,
            "net 'u' has no relu, sigmoid or tanh layer, whose units could die or saturate")
        XCTAssertEqual(session.runExpectingError("plot gradnorm")?.value, "net 'u' has no step yet")
        XCTAssertEqual(
            session.runExpectingError("plot saturation log=true")?.value,
            "option 'log' is for loss, ratio and gradnorm charts only")
    }

    /// A rate of 1e200: step 1 is finite (‖∇θ‖ = √2), its update sends y to about −2e200, and
    /// step 2's loss y² overflows. The error says where, with the rate and the norm before it.
    func testDivergenceNamesTheStepTheRateAndTheNormsBeforeIt() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("dtype f64\n" + unit + "optim sgd lr=1e200"))
        let error = try XCTUnwrap(session.runExpectingError("train steps=5"))
        XCTAssertEqual(error.value, "the loss became inf at step 2 of this run")
        let text = error.traceback.joined(separator: "\n")
        XCTAssertTrue(text.contains("the learning rate was 1e+200"), text)
        XCTAssertTrue(text.contains("the global gradient norm ‖∇θ‖ was 1.414 at step 1\n"), text)
        XCTAssertEqual(session.state.nets["u"]?.steps, 0)
    }

    /// A gradient that overflows (1e20 in Float32) is named, with its own norm marked as the
    /// failing step's.
    func testAnOverflowingGradientIsNamedWithItsNorm() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data big = [[1e20]] -> [[0]]\nnet g = 1 -> 1\nset g.L1.W = [[0.1]]\nset g.L1.b = [[0]]"))
        let error = try XCTUnwrap(session.runExpectingError("train 2"))
        XCTAssertEqual(error.value, "the gradient of L1.W became non-finite at step 1 of this run")
        let text = error.traceback.joined(separator: "\n")
        XCTAssertTrue(
            text.contains("the global gradient norm ‖∇θ‖ was inf at step 1 (the step that failed)"), text)
    }

    /// 1e30 · 1e10 overflows Float32 in L1's z, and the loss is where it ends up: the explanation names the first layer and tensor
    /// that stopped being finite, in layer order.
    func testANonFiniteValueNamesItsLayerAndTensor() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data big = [[1e30]] -> [[0]]\nnet g = 1 -> 2 relu -> 1\nset g.L1.W = [[1e10, 1]]\nloss mse"))
        let error = try XCTUnwrap(session.runExpectingError("train 1"))
        let text = error.traceback.joined(separator: "\n")
        XCTAssertTrue(text.contains("the first value that was not finite: L1.z"), error.value + "\n" + text)
    }
}

/// The per-step series stays bounded and keeps its spikes.
final class StepSeriesTests: XCTestCase {
    func testAFullSeriesMergesPairsIntoTheirLarger() {
        var series = StepSeries(capacity: 4)
        for step in 1...4 { series.append(step: step, value: Double(step == 2 ? 100 : step)) }
        XCTAssertEqual(series.steps, [1, 2, 3, 4])
        XCTAssertFalse(series.isDownsampled)
        series.append(step: 5, value: 1)
        XCTAssertEqual(series.steps, [2, 4, 5])
        XCTAssertEqual(series.values, [100, 4, 1])
        XCTAssertEqual(series.stepsPerPoint, 2)
        series.append(step: 6, value: 7)
        XCTAssertEqual(series.steps, [2, 4, 6])
        XCTAssertEqual(series.values, [100, 4, 7])
        series.append(step: 7, value: 0)
        XCTAssertEqual(series.steps, [2, 4, 6, 7])
        XCTAssertEqual(series.values.count, 4)
    }

    /// `step` adds its own norm, so plot gradnorm has a point for each step as train's.
    func testStepAddsItsNormAsTrainDoes() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "dtype f64\ndata one = [[1]] -> [[0]]\nnet u = 1 -> 1\nset u.L1.W = [[0.5]]\nset u.L1.b = [[0]]\n"
                    + "loss mse\noptim sgd lr=0.1\nstep\ntrain steps=1"))
        let norms = try XCTUnwrap(session.state.nets["u"]?.stepGradientNorms)
        XCTAssertEqual(norms.steps, [1, 2])
        XCTAssertEqual(norms.values[0], 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(norms.values[1], 0.6 * 2.0.squareRoot(), accuracy: 1e-12)
    }
}
