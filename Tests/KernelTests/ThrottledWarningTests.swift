import XCTest

@testable import Kernel

final class ThrottledWarningTests: XCTestCase {
    func testTheFirstIsLoggedThenOneLinePerIntervalCountingTheUnlogged() {
        var warning = ThrottledWarning(interval: .seconds(10))
        let start = ContinuousClock.now
        XCTAssertEqual(warning.line("dropped", at: start), "dropped")
        for second in 1...9 { XCTAssertNil(warning.line("dropped", at: start + .seconds(second))) }
        XCTAssertEqual(
            warning.line("dropped", at: start + .seconds(10)),
            "dropped (and 9 more since the last such warning)")
        XCTAssertNil(warning.line("dropped", at: start + .seconds(15)))
        XCTAssertEqual(
            warning.line("dropped", at: start + .seconds(60)),
            "dropped (and 1 more since the last such warning)")
        XCTAssertEqual(warning.line("dropped", at: start + .seconds(120)), "dropped")
    }

    func testAThrottledLineIsNotEvenComposed() {
        var warning = ThrottledWarning(interval: .seconds(10))
        var composed = 0
        func text() -> String {
            composed += 1
            return "x"
        }
        let start = ContinuousClock.now
        for millisecond in 0..<1000 { _ = warning.line(text(), at: start + .milliseconds(millisecond)) }
        XCTAssertEqual(composed, 1)
    }
}
