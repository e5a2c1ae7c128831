import XCTest

@testable import Language

final class LanguagePlaceholderTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertEqual(LanguageModule.dependencies, ["Engine", "Render"])
    }
}
