import XCTest

@testable import Language

/// The history's memory is bounded however long a run is (issue 9 §3: `train 100000000` grew
/// ~140 bytes a step), and what it keeps still reads true in tables, charts and comparisons.
final class TrainingHistoryTests: XCTestCase {
    private func log(_ step: Int, loss: Double, validation: Double? = nil) -> TrainingHistory.Record {
        TrainingHistory.Record(
            step: step, epoch: step, loss: loss, validationLoss: validation, accuracy: nil, learningRate: 0.1,
            gradientNorms: [1, 2], firstStep: step)
    }

    func testAMillionLogsStayWithinTheCapacity() {
        var history = TrainingHistory()
        var total = 0.0
        var lowest = (loss: Double.infinity, step: 0)
        for step in 1...1_000_000 {
            // A falling loss with a dip, so the lowest log is not the last one.
            let loss = step == 123_457 ? 0.001 : 1 / Double(step).squareRoot()
            total += loss
            if loss < lowest.loss { lowest = (loss, step) }
            history.append(log(step, loss: loss))
            XCTAssertLessThanOrEqual(history.records.count, TrainingHistory.defaultCapacity)
        }
        XCTAssertTrue(history.isDownsampled)
        XCTAssertEqual(history.logsPerRecord, 512)
        XCTAssertGreaterThan(history.records.count, TrainingHistory.defaultCapacity / 2)
        // The points tile the run: each starts one after the previous one ends.
        XCTAssertEqual(history.records.first?.firstStep, 1)
        XCTAssertEqual(history.records.last?.step, 1_000_000)
        for (earlier, later) in zip(history.records, history.records.dropFirst()) {
            XCTAssertEqual(later.firstStep, earlier.step + 1)
        }
        XCTAssertEqual(history.records.map(\.logCount).reduce(0, +), 1_000_000)
        // Means weighted by steps give back the mean of every log; the lowest log is kept exactly.
        let weighted = history.records.map { $0.loss * Double($0.step - $0.firstStep + 1) }.reduce(0, +)
        XCTAssertEqual(weighted / 1_000_000, total / 1_000_000, accuracy: 1e-9)
        XCTAssertEqual(history.lowestLoss?.loss, lowest.loss)
        XCTAssertEqual(history.lowestLoss?.step, lowest.step)
        XCTAssertEqual(history.latest?.loss, 1 / 1000)
    }

    func testMergingKeepsEveryFewStepsLogsAndTheLastValidation() {
        var history = TrainingHistory(capacity: 4)
        for (index, step) in [10, 20, 30, 40, 50].enumerated() {
            history.append(log(step, loss: Double(index + 1), validation: Double(step)))
        }
        // Four logs of 10 steps each merged in pairs; the fifth starts a new pair.
        XCTAssertEqual(history.records.map(\.firstStep), [1, 21, 41])
        XCTAssertEqual(history.records.map(\.step), [20, 40, 50])
        XCTAssertEqual(history.records.map(\.loss), [1.5, 3.5, 5])
        XCTAssertEqual(history.records.map(\.validationLoss), [20, 40, 50])
        XCTAssertEqual(history.records.map(\.logCount), [2, 2, 1])
    }

    /// Through the language: a run longer than the capacity is downsampled, and every view says so.
    func testViewsOfADownsampledHistorySaySo() throws {
        let session = Session()
        let steps = TrainingHistory.defaultCapacity * 2 + 10
        _ = session.runExpectingSuccess("seed 1\ndata xor\nnet a = 2 -> 3 tanh -> 1 sigmoid\ntrain \(steps)")
        let history = try XCTUnwrap(session.state.nets["a"]).history
        XCTAssertEqual(history.logsPerRecord, 4)
        XCTAssertEqual(history.latest?.step, steps)

        let output = RecordingOutput()
        _ = session.runExpectingSuccess("show history\nplot loss\nshow compare", output: output)
        let shown = output.events.compactMap { event -> String? in
            if case .show(let rendering, _) = event { return rendering.plain }
            return nil
        }
        XCTAssertEqual(shown.count, 3)
        XCTAssertTrue(shown[0].hasPrefix("history of a\nfrom step  step"), shown[0])
        XCTAssertTrue(shown[0].contains("points of up to 4 logs each"), shown[0])
        XCTAssertTrue(shown[1].hasPrefix("loss of a (downsampled, up to 4 logs a point)"), shown[1])
        XCTAssertTrue(shown[2].contains("the history of a is downsampled"), shown[2])
        // The final loss in the comparison is the last log's, not its point's mean.
        let formatted = ValueFormatter(digits: 4).format(try XCTUnwrap(history.latest).loss)
        XCTAssertTrue(shown[2].contains(formatted), shown[2])

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-long-\(UUID()).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = session.runExpectingSuccess("export history \"\(file.path)\"")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first?.hasPrefix("from step\tstep\t"), true)
        XCTAssertEqual(lines.count, history.records.count + 1)
    }
}
