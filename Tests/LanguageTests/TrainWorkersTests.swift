import Engine
import XCTest

@testable import Language

/// `train workers=`: the run against plain `train` from the same seed, the table after the
/// summary, and refusals that leave the session as it was.
final class TrainWorkersTests: XCTestCase {
    private static let triplets = """
        data ring = circles n=30 noise=0.1
        dtype f64
        seed 4
        net a = 2 -> 5 tanh -> dropout 0.2 -> 1 sigmoid
        optim adam lr=0.05
        seed 4
        net b = 2 -> 5 tanh -> dropout 0.2 -> 1 sigmoid
        optim adam lr=0.05
        seed 4
        net c = 2 -> 5 tanh -> dropout 0.2 -> 1 sigmoid
        optim adam lr=0.05
        """

    private func weights(_ session: Session, _ net: String) throws -> [Double] {
        try XCTUnwrap(session.state.nets[net]).network.parameters.flatMap(\.scalars)
    }

    /// The text of every display a cell showed, joined.
    private func shown(_ session: Session, _ source: String) -> String {
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess(source, output: output))
        return output.shown.map(\.plain).joined(separator: "\n")
    }

    func testWorkersFollowThePlainRunAndSayHowClosely() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(Self.triplets))
        XCTAssertNil(session.runExpectingSuccess("use a\nseed 8\ntrain 12 batch=7 clip=0.5"))
        let one = shown(session, "use b\nseed 8\ntrain 12 batch=7 clip=0.5 workers=1")
        let four = shown(session, "use c\nseed 8\ntrain 12 batch=7 clip=0.5 workers=4")
        XCTAssertEqual(try weights(session, "b"), try weights(session, "a"))
        for (x, y) in zip(try weights(session, "c"), try weights(session, "a")) {
            XCTAssertEqual(x, y, accuracy: 1e-13)
        }
        XCTAssertTrue(one.contains("equals the whole batch's bit for bit"), one)
        XCTAssertTrue(four.contains("max relative difference max |Δ| / max |g| = "), four)
        XCTAssertTrue(
            four.contains("clip=0.5: the global norm of the all-reduced gradient, once a step"), four)
        // 7 rows over 4 workers are 2, 2, 2, 1; 30 rows leave a last batch of 2, so two workers idle.
        XCTAssertTrue(four.contains("uneven shards on 60 steps"), four)
        XCTAssertTrue(
            four.contains("on 12 steps an epoch's short last batch left a worker without rows"), four)
        XCTAssertTrue(four.contains("dropout: the masks are drawn once for the whole batch"), four)
        let rows = four.split(separator: "\n").filter { $0.hasPrefix("W") }
        XCTAssertEqual(rows.map { $0.split(separator: " ")[1] }, ["2", "2", "2", "1"])
        let c = try XCTUnwrap(session.state.nets["c"])
        XCTAssertEqual(c.steps, 60)
        XCTAssertEqual(c.history.records.count, try XCTUnwrap(session.state.nets["a"]).history.records.count)
    }

    func testRefusalsNameTheFixAndChangeNothing() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(Self.triplets))
        let before = try weights(session, "c")
        let cases: [(String, String, String)] = [
            (
                "train steps=2 batch=3 workers=4", "4 workers need a row each, but a batch has 3 rows",
                "use workers=3 or fewer, or batch=4 or more"
            ),
            (
                "net p = perceptron 2\ntrain steps=2 workers=2",
                "net 'p' learns by the perceptron rule, which has no backpropagated gradient to split over workers",
                "workers= is for nets trained by backprop"
            ),
            ("train steps=2 workers=65", "option 'workers' must be from 1 to 64", ""),
        ]
        for (statement, message, note) in cases {
            let error = try XCTUnwrap(session.runExpectingError(statement))
            let text = DiagnosticRenderer.plainText(of: error)
            XCTAssertTrue(text.contains(message), text)
            if !note.isEmpty { XCTAssertTrue(text.contains(note), text) }
        }
        XCTAssertEqual(try weights(session, "c"), before)
        XCTAssertEqual(try XCTUnwrap(session.state.nets["c"]).steps, 0)
    }
}
