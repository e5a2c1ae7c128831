import XCTest

@testable import Render

final class ProgressLineTests: XCTestCase {
    func testMidRunGolden() {
        let progress = ProgressLine(
            step: 1040, totalSteps: 2000, epoch: 520, totalEpochs: 1000, loss: 0.012345,
            validationLoss: 0.015,
            elapsedSeconds: 1.28)
        GoldenFile.assertMatches(progress.plainText(), named: "progress.txt")
        GoldenFile.assertMatches(progress.html(), named: "progress.html")
        XCTAssertEqual(
            progress.plainText().components(separatedBy: "\n").map { DisplayWidth.of($0) }.first, 72)
    }

    func testASCIIAndUnboundedRunsGolden() {
        let ascii = ProgressLine(step: 300, totalSteps: 1000, loss: 0.5, elapsedSeconds: 4000, style: .ascii)
        let unbounded = ProgressLine(step: 77, totalSteps: nil, loss: .nan, elapsedSeconds: 0)
        GoldenFile.assertMatches(
            ascii.plainText() + "\n\n" + unbounded.plainText(), named: "progress-ascii.txt")
        XCTAssertTrue(ascii.plainText().unicodeScalars.allSatisfy { $0.isASCII })
    }

    func testSingleLineKeepsItsBarAndCounterWidthsForATerminal() {
        let early = ProgressLine(step: 7, totalSteps: 2000, loss: 0.5, elapsedSeconds: 0.5)
        let late = ProgressLine(
            step: 1040, totalSteps: 2000, loss: 0.012345, validationLoss: 0.015, elapsedSeconds: 1.28)
        XCTAssertEqual(
            late.singleLine(),
            "▕██████████▍         ▏  step 1040/2000   52%  loss 0.01235  val 0.015  812 steps/s  0:01<0:01")
        XCTAssertEqual(early.singleLine().prefix(44), "▕                    ▏  step    7/2000    0%")
        XCTAssertEqual(DisplayWidth.of(String(late.singleLine().prefix(44))), 44)
        XCTAssertFalse(late.singleLine().contains("\n"))
        XCTAssertEqual(
            ProgressLine(step: 3, totalSteps: nil, elapsedSeconds: 0).singleLine(), "step 3  0:00")
    }

    func testRateAndTimeLeft() {
        let progress = ProgressLine(step: 50, totalSteps: 200, elapsedSeconds: 10)
        XCTAssertEqual(progress.stepsPerSecond, 5)
        XCTAssertEqual(progress.secondsLeft, 30)
        XCTAssertNil(ProgressLine(step: 0, totalSteps: 10, elapsedSeconds: 0).secondsLeft)
    }

    func testDurations() {
        let cases: [(seconds: Double, text: String)] = [
            (0, "0:00"), (9.6, "0:10"), (65, "1:05"), (3600, "1:00:00"), (3725, "1:02:05"), (.infinity, "?"),
        ]
        for entry in cases {
            XCTAssertEqual(ProgressLine.duration(entry.seconds), entry.text)
        }
    }

    func testBarFillsInEighths() {
        XCTAssertEqual(ProgressLine.bar(0, width: 4, style: .unicode), "    ")
        XCTAssertEqual(ProgressLine.bar(0.5, width: 4, style: .unicode), "██  ")
        XCTAssertEqual(ProgressLine.bar(0.55, width: 4, style: .unicode), "██▏ ")
        XCTAssertEqual(ProgressLine.bar(1, width: 4, style: .unicode), "████")
        XCTAssertEqual(ProgressLine.bar(0.5, width: 4, style: .ascii), "==> ")
        XCTAssertEqual(ProgressLine.bar(1, width: 4, style: .ascii), "====")
    }
}
