import XCTest

@testable import Kernel

final class CancellationFlagTests: XCTestCase {
    func testRaiseIsSeenUntilReset() {
        let flag = CancellationFlag()
        XCTAssertFalse(flag.isRaised)
        flag.raise()
        XCTAssertTrue(flag.isRaised)
        flag.reset()
        XCTAssertFalse(flag.isRaised)
    }
}
