import Foundation
import XCTest

@testable import Render

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG pictures parse as XML and hold what their text charts hold.
final class SVGTests: XCTestCase {
    /// The parsed picture's root, after checking what a standalone SVG needs.
    static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLElement
    {
        let document = try XMLDocument(xmlString: svg, options: [])
        let root = try XCTUnwrap(document.rootElement(), file: file, line: line)
        XCTAssertEqual(root.name, "svg", file: file, line: line)
        XCTAssertEqual(
            root.namespaces?.compactMap(\.stringValue), ["http://www.w3.org/2000/svg"], file: file, line: line
        )
        for name in ["width", "height", "viewBox"] {
            XCTAssertNotNil(attribute(root, name), "no \(name)", file: file, line: line)
        }
        return root
    }

    /// An attribute's value. (`attribute(forName:)` of swift-corelibs-foundation finds nothing
    /// in a document with a default namespace, so the list is searched.)
    static func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    /// Every element below `root` named `name` whose class list holds `className`.
    static func elements(_ root: XMLElement, _ name: String, class className: String? = nil) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ element: XMLElement) {
            let classes = (attribute(element, "class") ?? "").split(separator: " ")
            if element.name == name && (className == nil || classes.contains(Substring(className!))) {
                found.append(element)
            }
            for child in element.children ?? [] {
                if let child = child as? XMLElement { visit(child) }
            }
        }
        visit(root)
        return found
    }

    static func texts(_ root: XMLElement, class className: String) -> [String] {
        elements(root, "text", class: className).map { $0.stringValue ?? "" }
    }

    static func twoSeries() -> LineChart {
        LineChart(
            title: "train and validation",
            series: [
                .init("train", y: LineChartTests.loss(500)),
                .init(
                    "valid", y: LineChartTests.loss(50, scale: 1.1, floor: 0.08),
                    x: (1...50).map { Double($0 * 10) }),
            ], yLabel: "loss")
    }

    func testLineChartHasOnePathPerSeriesTheTextTicksAxisTitlesAndALegend() throws {
        let chart = Self.twoSeries()
        let root = try Self.parse(chart.svg())
        let paths = Self.elements(root, "path", class: "series")
        XCTAssertEqual(paths.map { Self.attribute($0, "data-series") }, ["train", "valid"])
        XCTAssertTrue(paths.allSatisfy { (Self.attribute($0, "d") ?? "").hasPrefix("M") })
        XCTAssertEqual(Self.texts(root, class: "legend-label"), ["train", "valid"])
        XCTAssertEqual(Self.texts(root, class: "axis-title"), ["step", "loss"])
        XCTAssertEqual(Self.texts(root, class: "title"), ["train and validation"])
        let yLabels = Self.elements(root, "g", class: "y-axis").flatMap {
            Self.texts($0, class: "tick-label")
        }
        XCTAssertEqual(yLabels, chart.verticalScale().ticks.map(\.label))
        let xLabels = Self.elements(root, "g", class: "x-axis").flatMap {
            Self.texts($0, class: "tick-label")
        }
        XCTAssertEqual(xLabels, ["100", "200", "300", "400", "500"])
        // The text chart shows the same y labels.
        for label in yLabels { XCTAssertTrue(chart.plainText().contains(label + " ┤"), label) }
    }

    func testLogAxisPlacesDecadesEvenlyWithMinorTicks() throws {
        let values = (0..<300).map { 2.0 * pow(0.97, Double($0)) }
        let chart = LineChart(title: "log loss", series: [.init("loss", y: values)], logarithmicY: true)
        let root = try Self.parse(chart.svg())
        let axis = try XCTUnwrap(Self.elements(root, "g", class: "y-axis").first)
        XCTAssertTrue(Self.elements(root, "g", class: "log").count == 1)
        let labels = Self.texts(axis, class: "tick-label")
        XCTAssertEqual(labels, ["0.001", "0.01", "0.1", "1"])
        let rows = Self.elements(axis, "text", class: "tick-label").map {
            Double(Self.attribute($0, "y")!)!
        }
        let gaps = zip(rows, rows.dropFirst()).map { $0 - $1 }
        for gap in gaps { XCTAssertEqual(gap, gaps[0], accuracy: 0.02) }
        // 2…9 times each power of ten: eight minor ticks in each labelled decade.
        let minors = Self.elements(axis, "line", class: "minor-tick").map {
            Double(Self.attribute($0, "y1")!)!
        }
        XCTAssertEqual(minors.filter { $0 < rows[0] && $0 > rows[3] }.count, 8 * 3)
    }

    func testLogXAxisPlacesDecadesEvenly() throws {
        let rates = (0..<100).map { 1e-5 * pow(10, Double($0) / 20) }
        let chart = LineChart(
            series: [.init("loss", y: rates.map { 1 / (1 + $0) }, x: rates)], logarithmicX: true, xLabel: "lr"
        )
        let root = try Self.parse(chart.svg())
        let axis = try XCTUnwrap(Self.elements(root, "g", class: "x-axis").first)
        XCTAssertTrue(Self.elements(root, "g", class: "log").count == 1)
        let labels = Self.texts(axis, class: "tick-label")
        XCTAssertEqual(labels, ["1e-05", "1e-04", "1e-03", "1e-02", "1e-01"])
        let columns = Self.elements(axis, "text", class: "tick-label").map {
            Double(Self.attribute($0, "x")!)!
        }
        let gaps = zip(columns, columns.dropFirst()).map { $1 - $0 }
        for gap in gaps { XCTAssertEqual(gap, gaps[0], accuracy: 0.02) }
        XCTAssertFalse(Self.elements(axis, "line", class: "minor-tick").isEmpty)
    }

    func testTitlesAndNamesAreEscaped() throws {
        let chart = LineChart(
            title: "a < b & c \"d\"", series: [.init("x<y", y: [1, 2]), .init("p&q", y: [2, 1])], width: 40,
            height: 6)
        let svg = chart.svg()
        XCTAssertTrue(svg.contains("a &lt; b &amp; c &quot;d&quot;"))
        let root = try Self.parse(svg)
        XCTAssertEqual(Self.texts(root, class: "title"), ["a < b & c \"d\""])
        XCTAssertEqual(Self.texts(root, class: "legend-label"), ["x<y", "p&q"])
        XCTAssertEqual(SVGDocument.escape("a\u{1}b\u{7F}c\td"), "abc\td")
    }

    func testGoldenPictures() throws {
        GoldenFile.assertMatches(Self.twoSeries().svg(), named: "chart-two.svg")
        let heatmap = try Heatmap(
            title: "xor.L1.W", values: HeatmapTests.weights(rows: 3, columns: 4), shape: [3, 4])
        GoldenFile.assertMatches(heatmap.svg(), named: "heatmap-small.svg")
    }

    func testOutputIsDeterministicAndHasNoIds() {
        XCTAssertEqual(Self.twoSeries().svg(), Self.twoSeries().svg())
        XCTAssertFalse(Self.twoSeries().svg().contains(" id="))
        XCTAssertEqual(SVGDocument.number(12.0), "12")
        XCTAssertEqual(SVGDocument.number(-0.001), "0")
        XCTAssertEqual(SVGDocument.number(3.14159), "3.14")
        XCTAssertEqual(SVGDocument.number(2.5), "2.5")
    }

    func testAMillionPointsMakeASmallPictureThatKeepsTheSpike() throws {
        var values = [Double](repeating: 0.5, count: 1_000_000)
        values[612_345] = 9
        let svg = LineChart(series: [.init("loss", y: values)]).svg()
        XCTAssertLessThan(svg.utf8.count, 20_000)
        let root = try Self.parse(svg)
        let path = try XCTUnwrap(
            Self.elements(root, "path", class: "series").first.flatMap { Self.attribute($0, "d") })
        // The spike's point is drawn: the y scale runs to 10, so 9 sits near the top.
        let ys = path.split(whereSeparator: { $0 == "M" || $0 == "L" }).compactMap {
            Double($0.split(separator: " ").last ?? "")
        }
        XCTAssertLessThan(ys.min() ?? .infinity, 60)
        // A flat run is one segment, not a point per column.
        XCTAssertLessThan(ys.count, 12)
    }

    func testNaNLeavesAGapAndGuidesAreDashed() throws {
        let chart = LineChart(
            series: [
                .init("loss", y: [1, 2, .nan, 3, 4]),
                .init("guide", y: [2, 2, 2, 2, 2], mark: .character("·")),
            ])
        let root = try Self.parse(chart.svg())
        let paths = Self.elements(root, "path", class: "series")
        XCTAssertEqual(Self.attribute(paths[0], "d")?.filter { $0 == "M" }.count, 2)
        XCTAssertEqual(Self.attribute(paths[1], "stroke-dasharray"), "4 3")
        XCTAssertNil(Self.attribute(paths[0], "stroke-dasharray"))
    }

    func testHeatmapIsAGridOfCellsWithAColourScale() throws {
        var values = HeatmapTests.weights(rows: 6, columns: 10)
        values[7] = .nan
        let heatmap = try Heatmap(title: "xor.L1.W", values: values, shape: [6, 10])
        let root = try Self.parse(heatmap.svg())
        let cells = Self.elements(root, "rect", class: "cell")
        XCTAssertEqual(cells.count, 60)
        XCTAssertEqual(Self.elements(root, "rect", class: "nan").count, 1)
        XCTAssertEqual(Self.elements(root, "rect", class: "scale-band").count, 2 * SVGPalette.heatLevels + 1)
        let largest = values.filter(\.isFinite).map(abs).max()!
        let ends = NumberFormat(significantDigits: 3).strings([-largest, largest])
        let legend = try XCTUnwrap(Self.elements(root, "g", class: "colour-scale").first)
        XCTAssertEqual(Self.texts(legend, class: "tick-label"), [ends[0], "0", ends[1]])
        // The strongest cell has the strongest colour of its sign.
        let strongest = values.firstIndex { abs($0) == largest }!
        XCTAssertEqual(
            Self.attribute(cells[strongest], "fill"),
            SVGPalette.heatColour(
                level: values[strongest] > 0 ? SVGPalette.heatLevels : -SVGPalette.heatLevels))
    }

    func testLargeHeatmapShowsTheTextsBlockMeans() throws {
        let heatmap = try Heatmap(values: HeatmapTests.weights(rows: 784, columns: 256), shape: [784, 256])
        let layout = heatmap.layout()
        let svg = heatmap.svg()
        let root = try Self.parse(svg)
        XCTAssertEqual(
            Self.elements(root, "rect", class: "cell").count, layout.shownRows * layout.shownColumns)
        XCTAssertTrue(Self.texts(root, class: "note")[0].contains("means of"))
        XCTAssertLessThan(svg.utf8.count, 200_000)
    }

    func testHistogramHasAPanelPerSeriesAndABarPerBin() throws {
        let chart = HistogramChart(title: "weights & more", histograms: HistogramTests.layers)
        let root = try Self.parse(chart.svg())
        let groups = Self.elements(root, "g", class: "series")
        XCTAssertEqual(groups.map { Self.attribute($0, "data-series") }, HistogramTests.layers.map(\.name))
        for (group, histogram) in zip(groups, HistogramTests.layers) {
            XCTAssertEqual(Self.elements(group, "rect", class: "bar").count, histogram.counts.count)
        }
        XCTAssertEqual(
            Self.texts(root, class: "title"),
            ["weights & more"] + HistogramTests.layers.map(HistogramChart.heading))
        XCTAssertEqual(Set(Self.texts(root, class: "axis-title")), ["value", "count"])
    }

    func testDecisionMapHasRegionsPointsAndClassLegend() throws {
        let map = DecisionMap(
            title: "circles", xRange: -1.2...1.2, yRange: -1.2...1.2, height: 20,
            classNames: ["inside", "outside"],
            points: DecisionMapTests.points
        ) { x, y in x * x + y * y < 0.45 ? 0 : 1 }
        let root = try Self.parse(map.svg())
        XCTAssertEqual(Self.elements(root, "circle", class: "point").count, DecisionMapTests.points.count)
        XCTAssertGreaterThan(Self.elements(root, "rect", class: "region").count, 20)
        XCTAssertEqual(
            Self.texts(root, class: "legend-label"),
            ["region: inside", "region: outside", "points: inside", "points: outside"])
    }
}
