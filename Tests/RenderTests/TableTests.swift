import XCTest

@testable import Render

final class TableTests: XCTestCase {
    /// A model summary in the manner of `show summary`: text, integers, floats, a sparkline.
    static func summary(style: RenderStyle = .unicode, digits: Int = 6) throws -> Table {
        var table = try Table(
            title: "xor: 2 -> 4 tanh -> 1 sigmoid",
            headers: ["layer", "type", "output", "params", "trainable", "|W|", "|grad|", "loss trend"],
            footnote: "total 17 parameters, 17 trainable",
            numberFormat: NumberFormat(significantDigits: digits), style: style)
        table.sparklineWidth = 10
        try table.append([
            "L1", "Dense tanh", "[4, 4]", 12, "yes", 1.41421356, 0.0312,
            .sparkline([0.9, 0.7, 0.5, 0.6, 0.3, 0.2, 0.1]),
        ])
        try table.append(["L2", "Dense σ", "[4, 1]", 5, "frozen", 0.5, 0.000_001_5, .sparkline([1, 1, 1])])
        try table.append(["⣿ braille", "", "", 0, "", .number(.nan), .number(.infinity), .empty])
        return table
    }

    func testPlainTextGolden() throws {
        GoldenFile.assertMatches(try Self.summary().plainText(), named: "table-summary.txt")
        GoldenFile.assertMatches(
            try Self.summary(style: .ascii, digits: 3).plainText(), named: "table-summary-ascii.txt")
    }

    func testHTMLGolden() throws {
        GoldenFile.assertMatches(try Self.summary().html(), named: "table-summary.html")
    }

    /// A title wider than its narrow table must not wrap word by word in JupyterLab.
    func testHTMLCaptionDoesNotWrap() throws {
        let table = try Table(
            title: "a long title over a table of one narrow column", headers: ["x"], rows: [[.number(1)]])
        XCTAssertTrue(
            table.html().contains(
                "<caption style=\"white-space:nowrap;text-align:left\">a long title over a table of one narrow column"
            ),
            table.html())
    }

    func testMarkdownGolden() throws {
        GoldenFile.assertMatches(try Self.summary().markdown(), named: "table-summary.md")
    }

    func testEveryPlainLineOfAColumnHasTheSameWidth() throws {
        let lines = try Self.summary().plainText().components(separatedBy: "\n")
        // The rule line spans the whole table; numbers are right-aligned, so every data row
        // that reaches the last numeric column ends at the same display column as the rule.
        let rule = lines[2]
        XCTAssertTrue(rule.allSatisfy { $0 == "─" || $0 == " " })
        let paramsEnd = DisplayWidth.of(rule.components(separatedBy: "  ").prefix(4).joined(separator: "  "))
        for line in lines[3...5] {
            let prefix = DisplayWidth.truncate(line, to: paramsEnd)
            XCTAssertTrue(prefix.last?.isNumber == true, "params column ends at the rule: \(line)")
        }
    }

    func testHTMLEscapesEverything() throws {
        let table = try Table(
            title: "<b>&</b>", headers: ["a<b"], rows: [["\"x\" & 'y' > z"]], footnote: "<i>")
        let html = table.html()
        XCTAssertFalse(html.contains("<b>"))
        XCTAssertFalse(html.contains("<i>"))
        XCTAssertTrue(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"))
        XCTAssertTrue(html.contains("&quot;x&quot; &amp; &#39;y&#39; &gt; z"))
        XCTAssertTrue(html.contains("<th style=\"text-align:left\">a&lt;b</th>"))
    }

    func testMarkdownEscapesPipesAndBreaksNewlines() throws {
        let table = try Table(headers: ["a|b", "n"], rows: [["x|y\nz", 1]])
        XCTAssertEqual(
            table.markdown(),
            """
            | a\\|b | n |
            | :-- | --: |
            | x\\|y<br>z | 1 |
            """)
    }

    func testRowsOfTheWrongLengthAreRejectedWithTheirCounts() {
        XCTAssertThrowsError(try Table(headers: ["a", "b"], rows: [["x", "y"], ["only"]])) { error in
            XCTAssertEqual(error as? RenderError, .rowLength(row: 1, expected: 2, found: 1))
            XCTAssertEqual("\(error)", "row 1 has 1 cells but the table has 2 columns")
        }
    }

    func testForcedAlignmentWins() throws {
        let table = try Table(
            columns: [Table.Column("n", alignment: .left), Table.Column("name", alignment: .right)],
            rows: [[1, "a"], [100, "abc"]])
        XCTAssertEqual(table.plainText(), "n    name\n───  ────\n1       a\n100   abc")
    }

    func testSharedNumberFormatSpansColumns() throws {
        let separate = try Table(headers: ["a", "b"], rows: [[0.5, 2], [0.25, 3]])
        var shared = separate
        shared.sharesNumberFormat = true
        XCTAssertEqual(separate.formattedCells(), [["0.50", "2"], ["0.25", "3"]])
        XCTAssertEqual(shared.formattedCells(), [["0.50", "2.00"], ["0.25", "3.00"]])
    }

    func testSparklines() {
        XCTAssertEqual(Sparkline([0, 1, 2, 3, 4, 5, 6, 7]).text, "▁▂▃▄▅▆▇█")
        XCTAssertEqual(Sparkline([7, 6, 5, 4, 3, 2, 1, 0], style: .ascii).text, "#*+=:-._")
        XCTAssertEqual(Sparkline([2, 2, 2]).text, "▄▄▄")
        XCTAssertEqual(Sparkline([1, .nan, 3]).text, "▁ █")
        // 100 values into 4 buckets of means: a rising ramp stays rising.
        XCTAssertEqual(Sparkline((0..<100).map(Double.init), width: 4).text, "▁▃▆█")
        XCTAssertEqual(Sparkline([]).text, "")
    }

    func testWideAndCombiningCharactersKeepColumnsAligned() throws {
        let table = try Table(
            headers: ["name", "value"],
            rows: [["日本語", 1.5], ["cafe\u{301}", 22], ["😀 net", -3], ["⣿⣀ plot", 0]])
        let lines = table.plainText().components(separatedBy: "\n")
        XCTAssertEqual(Set(lines.map { DisplayWidth.of($0) }).count, 1, table.plainText())
    }
}
