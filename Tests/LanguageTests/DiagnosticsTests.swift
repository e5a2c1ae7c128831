import Engine
import Foundation
import Render
import XCTest

@testable import Language

/// `lrfind`, `plot landscape` and `show vars` on cases whose answer is known (issue 13).
final class DiagnosticsTests: XCTestCase {
    private func shown(_ session: Session, _ source: String) throws -> String {
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(source, output: output))
        return try XCTUnwrap(output.shown.last?.plain)
    }

    private func numbers(_ row: [Table.Cell]) -> [Double] {
        row.compactMap { if case .number(let value) = $0 { return value } else { return nil } }
    }

    private static let regression = """
        seed 1
        data hand = [[0], [1], [2], [3]] -> [[0], [2], [4], [6]]
        net lin = 1 -> 1
        loss mse
        """

    /// y = 2x under mse diverges above 2/λ_max ≈ 0.238; lrfind suggests rates below it.
    func testLrfindOnALinearRegressionSuggestsARateBelowDivergence() throws {
        let session = Session()
        let text = try shown(session, Self.regression + "\nlrfind")
        XCTAssertTrue(text.hasPrefix("learning-rate range test of lin"), text)
        XCTAssertTrue(text.contains("the smoothed loss passed 4× its best"), text)
        let table = try XCTUnwrap(session.state.lastResults["lrfind"]?.table)
        XCTAssertEqual(table.columns.map(\.header), ["step", "lr", "loss", "smoothed loss"])
        let rates = table.rows.map { numbers($0)[1] }
        XCTAssertEqual(rates.first, 1e-7)
        let steepest = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("steepest fall") })
        let suggested = try XCTUnwrap(
            Double(steepest.components(separatedBy: "(fastai steep)")[1].split(separator: " ").first ?? ""))
        XCTAssertLessThan(suggested, 0.238)
        XCTAssertGreaterThan(suggested, 0.00238)
    }

    /// Weights, optimizer state, history, cursor, counts and the session's generator are as
    /// before: training on after lrfind gives the very numbers of a session that never ran it.
    func testLrfindLeavesTheNetAndTheSessionAsTheyWere() throws {
        let setUp =
            "seed 5\ndata ring = circles n=40\nnet r = 2 -> 8 tanh -> 1 sigmoid\noptim adam lr=0.01\n"
            + "train steps=7 batch=8\n"
        let plain = Session()
        XCTAssertNil(plain.runExpectingSuccess(setUp))
        let probed = Session()
        XCTAssertNil(probed.runExpectingSuccess(setUp))
        let before = try XCTUnwrap(probed.state.nets["r"])
        XCTAssertNil(probed.runExpectingSuccess("lrfind batch=8 steps=30"))
        let after = try XCTUnwrap(probed.state.nets["r"])
        XCTAssertEqual(after.network.parameters.map(\.scalars), before.network.parameters.map(\.scalars))
        XCTAssertEqual(after.steps, 7)
        XCTAssertEqual(after.epochs, before.epochs)
        XCTAssertEqual(after.history.records, before.history.records)
        XCTAssertEqual(after.cursor(on: "ring"), before.cursor(on: "ring"))
        var generators = (plain.state.random, probed.state.random)
        XCTAssertEqual(generators.0.next(), generators.1.next())
        XCTAssertNil(plain.runExpectingSuccess("train steps=9 batch=8"))
        XCTAssertNil(probed.runExpectingSuccess("train steps=9 batch=8"))
        XCTAssertEqual(
            plain.state.nets["r"]?.network.parameters.map(\.scalars),
            probed.state.nets["r"]?.network.parameters.map(\.scalars))
    }

    /// A rate that overflows stops the sweep and says where; the statement succeeds.
    func testLrfindReportsANonFiniteStepAndGoesOn() throws {
        let session = Session()
        let text = try shown(
            session,
            "seed 2\ndata hand = [[1, 2], [3, 4]] -> [[100], [-100]]\nnet h = 2 -> 8 relu -> 1\nloss mse\n"
                + "lrfind start=1 end=1e30 steps=40 stop=false")
        XCTAssertTrue(text.contains("stopped at step "), text)
        XCTAssertTrue(text.contains("non-finite") || text.contains("the loss became"), text)
        XCTAssertEqual(session.state.nets["h"]?.steps, 0)
    }

    /// An interrupt ends the sweep as an Interrupted error and the net is as it was.
    func testAnInterruptedLrfindChangesNothing() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(Self.regression + "\ntrain 3"))
        let weights = session.state.nets["lin"]?.network.snapshot()
        // The session asks once before the statement runs; the sweep asks before each step.
        let asked = AskCounter()
        guard
            case .failure(let error) = session.run(
                "lrfind", output: RecordingOutput(), shouldStop: { asked.next() > 5 })
        else { return XCTFail("expected an interrupt") }
        XCTAssertEqual(error.name, "Interrupted")
        XCTAssertTrue(error.value.hasPrefix("lrfind interrupted at step "), error.value)
        XCTAssertTrue(error.value.hasSuffix("; net 'lin' is as it was"), error.value)
        XCTAssertEqual(session.state.nets["lin"]?.network.snapshot(), weights)
        XCTAssertEqual(session.state.nets["lin"]?.steps, 3)
    }

    /// A perceptron fits its first sample exactly (loss 0): no multiple of 0 counts as divergence.
    func testLrfindOnAPerceptronRunsEveryStep() throws {
        let text = try shown(Session(), "data and\nnet p = perceptron 2\nlrfind steps=20")
        XCTAssertTrue(text.contains("all 20 steps, lr 1e-07 to "), text)
        XCTAssertTrue(text.contains("with a fresh perceptron and batches of 1 from and"), text)
    }

    func testLrfindRefusals() {
        let noData = Session()
        XCTAssertNil(noData.runExpectingSuccess("net n = 2 -> 1"))
        XCTAssertEqual(noData.errorKind("lrfind"), "NameError: there is no data set yet")
        let frozen = Session()
        XCTAssertNil(frozen.runExpectingSuccess("data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid\nfreeze x"))
        XCTAssertEqual(
            frozen.errorKind("lrfind"),
            "ValueError: every parameter of net 'x' is frozen, so no rate moves it")
        XCTAssertEqual(
            frozen.errorKind("lrfind start=-1"), "ValueError: option 'start' must be a rate above 0")
        XCTAssertEqual(
            frozen.errorKind("lrfind start=1 end=0.1"),
            "ValueError: option 'end' must be a finite rate above start (1)")
    }

    /// α = 0 is the history's step-0 loss and α = 1 the loss now, both exactly; the weights are untouched.
    func testLandscapeLineEndsAtTheInitialAndTheCurrentLoss() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndata ring = circles n=60\nnet c = 2 -> 6 tanh -> 1 sigmoid\noptim sgd lr=0.5\ntrain 30"
            ))
        let bits = { (record: NetRecord?) in record?.network.parameters.map { $0.scalars.map(\.bitPattern) } }
        let before = bits(session.state.nets["c"])
        let text = try shown(session, "plot landscape c")
        XCTAssertTrue(text.hasPrefix("loss of c on ring from its start (α=0) to now (α=1)"), text)
        let record = try XCTUnwrap(session.state.nets["c"])
        let table = try XCTUnwrap(session.state.lastResults["landscape"]?.table)
        let points = table.rows.map { numbers($0) }
        let at = { (alpha: Double) in points.first { $0[0] == alpha }?[1] }
        XCTAssertEqual(at(0), record.history.records.first?.loss)
        XCTAssertEqual(record.history.records.first?.step, 0)
        XCTAssertEqual(at(1), try Metrics.evaluate(record, on: session.state.datasets["ring"]!.training).loss)
        XCTAssertLessThan(try XCTUnwrap(at(1)), try XCTUnwrap(at(0)))
        XCTAssertEqual(points.count, 41)
        XCTAssertEqual(bits(record), before)
    }

    /// The plane's centre is the loss now; a seed gives the same plane; the weights are untouched.
    func testLandscapePlaneCentreIsTheCurrentLoss() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 3\ndata ring = circles n=60\nnet c = 2 -> 6 relu -> 1 sigmoid\ntrain 20"))
        let weights = session.state.nets["c"]!.network.snapshot()
        let text = try shown(session, "plot landscape dims=2 points=7 span=0.5")
        XCTAssertTrue(text.contains("(rows β, columns α)"), text)
        let table = try XCTUnwrap(session.state.lastResults["landscape"]?.table)
        XCTAssertEqual(table.rows.count, 49)
        let centre = try XCTUnwrap(table.rows.map { numbers($0) }.first { $0[0] == 0 && $0[1] == 0 })
        let record = try XCTUnwrap(session.state.nets["c"])
        XCTAssertEqual(
            centre[2], try Metrics.evaluate(record, on: session.state.datasets["ring"]!.training).loss)
        XCTAssertEqual(record.network.snapshot(), weights)
        XCTAssertNil(session.runExpectingSuccess("plot landscape dims=2 points=7 span=0.5"))
        XCTAssertEqual(session.state.lastResults["landscape"]?.table.rows, table.rows)
        XCTAssertNotEqual(
            try shown(session, "plot landscape dims=2 points=7 span=0.5 seed=8"), text)
    }

    func testLandscapeRefusals() {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid"))
        XCTAssertEqual(
            session.errorKind("plot landscape dims=2 points=6"),
            "ValueError: option 'points' must be odd for dims=2, so that the net sits at the centre")
        XCTAssertEqual(
            session.errorKind("plot landscape from=2 to=1"), "ValueError: option 'from' must be below 'to'")
        XCTAssertEqual(
            session.errorKind("plot landscape span=2"), "ValueError: option 'span' is for dims=2 only")
        XCTAssertEqual(
            session.errorKind("plot loss dims=2"), "ValueError: option 'dims' is for plot landscape only")
        XCTAssertEqual(
            session.errorKind("plot landscape dims=3"), "ValueError: option 'dims' must be from 1 to 2")
        XCTAssertEqual(
            session.errorKind("export lrfind \"/tmp/x.tsv\""), "ValueError: there is no lrfind to export yet")
    }

    /// A net loaded from a file starts its line at the loaded weights.
    func testLoadSetsTheStartOfTheLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("diag-\(UUID()).safetensors")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "seed 4\ndata xor\nnet x = 2 -> 3 tanh -> 1 sigmoid\ntrain 20\nsave x \"\(path)\"\n"
                    + "net y = 2 -> 3 tanh -> 1 sigmoid\nload y \"\(path)\""))
        let y = try XCTUnwrap(session.state.nets["y"])
        XCTAssertEqual(y.start?.source, "loaded")
        XCTAssertEqual(y.start?.step, 20)
        XCTAssertEqual(y.start?.weights, session.state.nets["x"]?.network.snapshot())
    }

    func testShowVarsListsEveryNetAndDataSet() throws {
        let session = Session()
        let empty = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("show vars", output: empty))
        XCTAssertEqual(empty.stdout, "no nets or data sets yet\n")
        let text = try shown(
            session,
            "data xor\nnet a = 2 -> 4 tanh -> 1 sigmoid\ndtype f64\nnet b = 2 -> 1\nfreeze b.L1.b\ntrain 3\nshow vars"
        )
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "variables (* current)")
        XCTAssertEqual(
            lines[1].split(separator: " ").map(String.init),
            ["name", "kind", "shape", "dtype", "parameters", "frozen", "bytes", "step", "epoch"])
        XCTAssertEqual(
            lines[3].split(separator: " ").prefix(8).map(String.init),
            ["a", "net", "2", "->", "4", "tanh", "->", "1"])
        XCTAssertTrue(lines[3].contains(" f32 ") && lines[3].contains(" 17 "), lines[3])
        let b = lines[4].split(separator: " ").map(String.init)
        XCTAssertEqual(b.prefix(2), ["*", "b"])
        XCTAssertEqual(
            Array(b.suffix(6)), ["f64", "3", "1", String(session.state.nets["b"]!.heldBytes), "3", "3"])
        XCTAssertTrue(lines[5].hasPrefix("*  xor   data  [4, 2] → [4, 1], 2 classes"), lines[5])
    }

    func testDiagnosticsExport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("diag-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = Session()
        let file = { (name: String) in directory.appendingPathComponent(name).path }
        XCTAssertNil(
            session.runExpectingSuccess(
                Self.regression
                    + "\nlrfind steps=20 stop=false\nexport lrfind \"\(file("lr.tsv"))\"\nexport lrfind \"\(file("lr.txt"))\"\n"
                    + "train 5\nplot landscape points=5\nexport landscape \"\(file("line.csv"))\"\n"
                    + "export vars \"\(file("vars.json"))\""))
        let tsv = try String(contentsOfFile: file("lr.tsv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(tsv.first, "step\tlr\tloss\tsmoothed loss")
        XCTAssertEqual(tsv.count, 21)
        XCTAssertTrue(tsv[1].hasPrefix("1\t1e-07\t"), String(tsv[1]))
        let text = try String(contentsOfFile: file("lr.txt"), encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("learning-rate range test of lin"))
        XCTAssertTrue(text.contains("suggested learning rates"))
        let csv = try String(contentsOfFile: file("line.csv"), encoding: .utf8).split(separator: "\r\n")
        XCTAssertEqual(csv.first, "alpha,loss")
        XCTAssertEqual(csv.count, 6)
        // What is kept for export is memory the session holds, and memory says so.
        let kept = session.state.heldMemory.filter { $0.kind == "result" }
        XCTAssertEqual(kept.map(\.name), ["landscape", "lrfind"])
        XCTAssertTrue(kept.allSatisfy { $0.bytes > 1000 }, "\(kept)")
        let json = try String(contentsOfFile: file("vars.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"name\": \"lin\""), json)
    }
}

extension Session {
    /// A cell that must fail, as "Kind: message".
    fileprivate func errorKind(_ source: String, file: StaticString = #filePath, line: UInt = #line)
        -> String?
    {
        runExpectingError(source, file: file, line: line).map { "\($0.name): \($0.value)" }
    }
}

/// Counts the interrupt checks; a lock guards the count, whichever thread asks.
private final class AskCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
