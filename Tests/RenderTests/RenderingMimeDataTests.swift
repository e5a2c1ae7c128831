import Render
import XCTest

final class RenderingMimeDataTests: XCTestCase {
    func testMimeDataHoldsEveryForm() {
        XCTAssertEqual(Rendering(plain: "p").mimeData, ["text/plain": "p"])
        XCTAssertEqual(
            Rendering(plain: "p", html: "<p>", markdown: "*p*").mimeData,
            ["text/plain": "p", "text/html": "<p>", "text/markdown": "*p*"])
    }
}
