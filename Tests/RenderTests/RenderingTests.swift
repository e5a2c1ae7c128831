import XCTest

@testable import Render

final class RenderingTests: XCTestCase {
    func testStackingKeepsEveryFormAndCarriesPlainPartsOver() throws {
        let table = try Table(headers: ["a"], rows: [[1]]).rendering()
        let note = Rendering(plain: "x < y")
        let stacked = Rendering.stacked([note, table])
        XCTAssertEqual(stacked.plain, "x < y\n\n" + table.plain)
        XCTAssertEqual(stacked.html, "<pre>x &lt; y</pre>\n" + table.html!)
        XCTAssertEqual(stacked.markdown, "```\nx < y\n```\n\n" + table.markdown!)
    }

    func testStackingPlainPartsGivesPreformattedHTMLAndMarkdown() {
        let stacked = Rendering.stacked([Rendering(plain: "a"), Rendering(plain: "b")])
        XCTAssertEqual(stacked.plain, "a\n\nb")
        XCTAssertEqual(stacked.html, "<pre>a</pre>\n<pre>b</pre>")
        XCTAssertEqual(stacked.markdown, "```\na\n```\n\n```\nb\n```")
    }
}

final class GoldenFileTests: XCTestCase {
    func testDiffShowsOnlyChangedLinesNumbered() {
        let diff = GoldenFile.diff(expected: "a\nb\nc", actual: "a\nB\nc\nd")
        XCTAssertEqual(diff, "   2 -b\n   2 +B\n   4 +d")
    }
}
