import Engine
import XCTest

@testable import Language

/// Every allocation a statement causes is checked against the session's memory budget before it
/// happens (issue 9 §2: `data encoder n=524288` asked for 2.2 TB and killed the kernel).
final class MemoryBudgetTests: XCTestCase {
    func testHugeDataSetsAreRefusedBeforeTheyAllocate() throws {
        for source in ["data encoder n=524288", "data blobs n=1000000 features=1000000"] {
            let session = Session()
            let error = try XCTUnwrap(session.runExpectingError(source), source)
            XCTAssertEqual(error.name, "ValueError", source)
            XCTAssertTrue(error.value.contains(" TB of memory"), error.value)
            XCTAssertTrue(error.traceback.joined().contains("raise the budget with 'memory "), source)
            XCTAssertTrue(session.state.datasets.isEmpty, source)
        }
    }

    /// Parameters are summed over every net, and a refused net leaves the session as it was.
    func testNetsAreCountedTogether() throws {
        let session = Session()
        _ = session.runExpectingSuccess("memory 1.5 MB\nnet a = 100 -> 500 tanh -> 100")
        let held = session.state.heldBytes
        XCTAssertEqual(held, 100_600 * 4 * 2)
        let error = try XCTUnwrap(session.runExpectingError("net b = 100 -> 500 tanh -> 100"))
        XCTAssertEqual(error.name, "ValueError")
        XCTAssertEqual(session.state.netOrder, ["a"])
        XCTAssertEqual(session.state.heldBytes, held)
        _ = session.runExpectingSuccess("memory 2 MB\nnet b = 100 -> 500 tanh -> 100")
    }

    /// A CSV label column of 10,000 classes feeding `2 -> 10000 softmax`: one full-batch epoch
    /// needs about 4.4 GB of activations (measured: 4.3 GiB peak), refused under a 1 GB budget.
    func testAWideSoftmaxEpochIsRefusedBeforeItRuns() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-classes-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let rows = (0..<10_000).map { "\(Double($0 % 97) / 97),\(Double($0 % 89) / 89),c\($0)" }
        try (["x1,x2,label"] + rows).joined(separator: "\n").write(
            to: file, atomically: true, encoding: .utf8)
        let session = Session()
        _ = session.runExpectingSuccess(
            "memory 1 GB\ndata c = csv \"\(file.path)\"\nnet c = 2 -> 10000 softmax")
        let weights = try XCTUnwrap(session.state.nets["c"]).network.parameters[0].scalars
        let error = try XCTUnwrap(session.runExpectingError("train 1"))
        XCTAssertEqual(error.name, "ValueError")
        XCTAssertTrue(error.value.hasPrefix("'train' needs about 4.4 GB of memory"), error.value)
        XCTAssertTrue(
            error.traceback.joined().contains("every layer's values and gradients for a batch of 10000 rows"))
        let record = try XCTUnwrap(session.state.nets["c"])
        XCTAssertEqual(record.steps, 0)
        XCTAssertEqual(record.network.parameters[0].scalars, weights)
        XCTAssertEqual(record.network.planByteCount, 0, "no plan was built")
        // A smaller batch fits; the whole-set pass of each log is what stays large.
        XCTAssertEqual(session.runExpectingError("train 1 batch=100")?.name, "ValueError")
    }

    /// A teacher's plan and a mixed-precision run's rounded plan are counted before `train` runs:
    /// a student whose own run fits is refused when its teacher's batch would not.
    func testTheTeachersPlanAndTheRoundedPlanAreCounted() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "data digits\nnet big = 64 -> 2048 relu -> 2048 relu -> 10 softmax\nloss ce\n"
                + "net small = 64 -> 16 relu -> 10 softmax\nloss ce")
        let budget = Double(session.state.heldBytes) / 1e6 + 20
        _ = session.runExpectingSuccess("memory \(budget) MB")
        let error = try XCTUnwrap(session.runExpectingError("train steps=1 teacher=big"))
        XCTAssertEqual(error.name, "ValueError")
        XCTAssertTrue(
            error.traceback.joined().contains("teacher 'big''s values for a batch of 1797 rows"),
            error.traceback.joined(separator: "\n"))
        XCTAssertEqual(session.state.nets["small"]?.steps, 0)
        XCTAssertNil(session.runExpectingSuccess("train steps=1 batch=64 teacher=big"))
        _ = session.runExpectingSuccess("memory \(Double(session.state.heldBytes) / 1e6 + 0.5) MB")
        let rounded = try XCTUnwrap(session.runExpectingError("train steps=1 batch=64 precision=f16"))
        XCTAssertTrue(
            rounded.traceback.joined().contains("the rounded (mixed-precision) plan for a batch of 64 rows"),
            rounded.traceback.joined(separator: "\n"))
    }

    func testMemorySetsShowsAndRestoresTheBudget() throws {
        let session = Session()
        XCTAssertEqual(session.state.memoryBudget, .standard)
        XCTAssertEqual(
            MemoryBudget.standard.limit,
            Int(Double(MemoryBudget.availableMemory) * MemoryBudget.defaultFraction))
        _ = session.runExpectingSuccess("memory 4 GB")
        XCTAssertEqual(session.state.memoryBudget, MemoryBudget(limit: 4_000_000_000, isDefault: false))
        _ = session.runExpectingSuccess("memory 512 mb")
        XCTAssertEqual(session.state.memoryBudget.limit, 512_000_000)
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("data xor\nmemory", output: output)
        let table = try XCTUnwrap(output.shown.first).plain
        XCTAssertTrue(table.hasPrefix("memory: 96 B held of a budget of 512 MB\n"), table)
        XCTAssertTrue(table.contains("data  xor     96 B"), table)
        _ = session.runExpectingSuccess("memory default")
        XCTAssertEqual(session.state.memoryBudget, .standard)
    }

    func testBytesReadAsPeopleWriteThem() {
        let cases: [(Int, String)] = [
            (0, "0 B"), (999, "999 B"), (1000, "1 KB"), (1536, "1.54 KB"), (804_800, "805 KB"),
            (2_199_027_449_856, "2.2 TB"), (12_600_000_000, "12.6 GB"), (Int.max, "more than 9 EB"),
        ]
        for (bytes, text) in cases { XCTAssertEqual(MemoryBudget.format(bytes), text, "\(bytes)") }
    }
}
