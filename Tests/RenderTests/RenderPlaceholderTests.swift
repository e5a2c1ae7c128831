import XCTest

@testable import Render

final class RenderPlaceholderTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertEqual(RenderModule.name, "Render")
    }
}
