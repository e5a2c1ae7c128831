import Engine
import XCTest

@testable import Language

/// `parallel` and `memory zero` on cases whose answers are known.
final class DataParallelCommandTests: XCTestCase {
    private static let twins = """
        data ring = circles n=10
        dtype f64
        seed 4
        net a = 2 -> 5 tanh -> 1 sigmoid
        seed 4
        net b = 2 -> 5 tanh -> 1 sigmoid
        optim adam lr=0.05
        use a
        optim adam lr=0.05
        """

    private func weights(_ session: Session, _ net: String) throws -> [[Double]] {
        try XCTUnwrap(session.state.nets[net]).network.parameters.map(\.scalars)
    }

    private func shown(_ session: Session, _ source: String) throws -> String {
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(source, output: output))
        return try XCTUnwrap(output.shown.last?.plain)
    }

    func testOneWorkerIsStepBitForBitAndContinuesTheSameCursor() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(Self.twins))
        XCTAssertNil(session.runExpectingSuccess("use a\nstep batch=4\nstep batch=4"))
        let text = try shown(session, "use b\nparallel workers=1 batch=4\nparallel workers=1 batch=4")
        XCTAssertEqual(try weights(session, "b"), try weights(session, "a"))
        XCTAssertTrue(text.contains("rows 4…7 (4) over 1 worker"), text)
        XCTAssertTrue(text.contains("bit for bit (max |Δ| = 0)"), text)
        let b = try XCTUnwrap(session.state.nets["b"])
        XCTAssertEqual(b.steps, 2)
        XCTAssertEqual(
            b.history.records.map(\.loss), try XCTUnwrap(session.state.nets["a"]).history.records.map(\.loss))
    }

    func testFourWorkersOnUnevenShardsMatchStepWithinRounding() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(Self.twins))
        XCTAssertNil(session.runExpectingSuccess("use a\nstep\nstep"))
        let text = try shown(session, "use b\nparallel workers=4\nparallel workers=4")
        for (x, y) in zip(try weights(session, "b").joined(), try weights(session, "a").joined()) {
            XCTAssertEqual(x, y, accuracy: 1e-12)
        }
        // 10 rows over 4 workers: 3, 3, 2, 2, weighted by their rows.
        let lines = text.split(separator: "\n")
        let workers = lines.filter { $0.hasPrefix("W") && !$0.hasPrefix("W1 sends") }.prefix(4)
        XCTAssertEqual(
            workers.map { $0.split(separator: " ", omittingEmptySubsequences: true)[2] },
            ["3", "3", "2", "2"])
        XCTAssertEqual(
            workers.map { $0.split(separator: " ", omittingEmptySubsequences: true)[3] },
            ["0.3", "0.3", "0.2", "0.2"])
        // 3 reduce-scatter and 3 all-gather steps; 16 + 5 = 21 values in 4 chunks of 6, 5, 5, 5.
        XCTAssertTrue(text.contains("|θ| = 21 gradient values in 4 chunks: c1 = values 1–6"), text)
        XCTAssertEqual(lines.filter { $0.contains("reduce-scatter (adds)") }.count, 3)
        XCTAssertEqual(lines.filter { $0.contains("all-gather (copies)") }.count, 3)
        // 2(N−1)/N·|θ|·b = 1.5 · 21 · 8 = 252 bytes; a parameter server 168 each way.
        XCTAssertTrue(text.contains("ring all-reduce   252 B     252 B"), text)
        XCTAssertTrue(text.contains("parameter server  168 B     168 B"), text)
    }

    func testARefusedStepChangesNothing() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(Self.twins))
        let before = try weights(session, "a")
        let error = try XCTUnwrap(session.runExpectingError("parallel workers=11"))
        XCTAssertEqual(error.name, "ValueError")
        XCTAssertEqual(error.value, "11 workers need a row each, but the batch has 10 rows")
        XCTAssertNil(session.runExpectingSuccess("optim sgd lr=1e309"))
        XCTAssertNotNil(session.runExpectingError("parallel workers=2"))
        XCTAssertEqual(try weights(session, "a"), before)
        XCTAssertEqual(session.state.nets["a"]?.steps, 0)
    }

    func testMemoryZeroGivesThePapersSavings() throws {
        // 2 → 5 → 1: Ψ = 21 values of 8 bytes, Adam's K = 2; N = 8 shards hold ⌈21/8⌉ = 3.
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(Self.twins))
        let text = try shown(session, "memory zero workers=3")
        XCTAssertTrue(text.contains("Ψ = 21 parameters × b = 8 bytes (f64), adam keeps K = 2 buffers"), text)
        let rows = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertTrue(rows.contains("1 DP 168 B 168 B 336 B 672 B 100%"), "\(rows)")
        XCTAssertTrue(rows.contains("ZeRO-1 168 B 168 B 112 B 448 B 67%"), "\(rows)")
        XCTAssertTrue(rows.contains("ZeRO-3 24 B 24 B 48 B 96 B 14%"), "\(rows)")
        XCTAssertEqual(rows.filter { $0.hasPrefix("3 DP") }.count, 1)
    }
}
