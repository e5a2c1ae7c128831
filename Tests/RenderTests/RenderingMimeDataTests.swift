import Foundation
import Render
import XCTest

final class RenderingMimeDataTests: XCTestCase {
    func testPlainTextAloneAndHTMLWithoutMarkdown() {
        XCTAssertEqual(Rendering(plain: "p").mimeData, ["text/plain": "p"])
        XCTAssertEqual(Rendering(plain: "p", html: "<p>").mimeData, ["text/plain": "p", "text/html": "<p>"])
    }

    /// JupyterLab and nbconvert's Markdown export both take HTML before Markdown: a table sends
    /// its Markdown only, so that the export holds a Markdown table.
    func testMarkdownFormLeavesHTMLOut() {
        XCTAssertEqual(
            Rendering(plain: "p", html: "<p>", markdown: "*p*").mimeData,
            ["text/plain": "p", "text/markdown": "*p*"])
    }

    func testPictureCarriesItsSVGAndMarkdownWithTheSVGAndTheText() throws {
        let chart = LineChart(
            title: "loss of a", series: [.init("loss", y: [3, 2, 1])], width: 30, height: 4)
        let rendering = chart.rendering()
        let data = rendering.mimeData
        XCTAssertEqual(Set(data.keys), ["text/plain", "image/svg+xml", "text/markdown"])
        XCTAssertEqual(data["text/plain"], chart.plainText())
        XCTAssertEqual(data["image/svg+xml"], chart.svg())
        let markdown = try XCTUnwrap(data["text/markdown"])
        XCTAssertTrue(markdown.contains("```text\n" + chart.plainText() + "\n```"))
        XCTAssertTrue(markdown.hasPrefix("<img alt=\"loss of a\" src=\"data:image/svg+xml;base64,"))
        let base64 = try XCTUnwrap(markdown.split(separator: "base64,")[1].split(separator: "\"").first)
        XCTAssertEqual(
            Data(base64Encoded: String(base64)).map { String(decoding: $0, as: UTF8.self) }, chart.svg())
        XCTAssertFalse(markdown.contains("<span"))
    }

    func testStackedPicturesKeepTheirPictureInTheMarkdown() throws {
        let chart = LineChart(title: "c", series: [.init("loss", y: [3, 2, 1])], width: 30, height: 4)
            .rendering()
        let stacked = Rendering.stacked([Rendering(plain: "note"), chart])
        let markdown = try XCTUnwrap(stacked.mimeData["text/markdown"])
        XCTAssertTrue(markdown.hasPrefix("```\nnote\n```\n\n<img alt=\"c\""))
        XCTAssertNil(stacked.mimeData["text/html"])
    }

    func testFenceOutgrowsBackticksInTheText() {
        let rendering = Rendering(plain: "a ```` b", svg: "<svg/>")
        XCTAssertTrue(rendering.mimeData["text/markdown"]!.contains("`````text\na ```` b\n`````"))
    }
}
