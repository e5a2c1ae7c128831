import XCTest

@testable import Engine

final class EnginePlaceholderTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertEqual(EngineModule.name, "Engine")
    }
}
