import Foundation
import XCTest

@testable import Render

final class HistogramTests: XCTestCase {
    /// Deterministic bell-shaped values: sums of a fixed sine sequence.
    static func bell(_ count: Int, scale: Double) -> [Double] {
        (0..<count).map { index in
            let t = Double(index)
            return scale * (sin(t * 12.9898) + sin(t * 78.233) + sin(t * 37.719)) / 3
        }
    }

    func testBinningCountsEdgesAndTheClosedLastBin() {
        let histogram = Histogram(name: "w", values: [0, 0.1, 0.5, 0.99, 1, .nan, .infinity], bins: 2)
        XCTAssertEqual(histogram.edges, [0, 0.5, 1])
        XCTAssertEqual(histogram.counts, [2, 3])
        XCTAssertEqual(histogram.nonFiniteCount, 2)
        XCTAssertEqual(histogram.total, 5)
    }

    func testExplicitRangeCountsWhatFallsOutside() {
        let histogram = Histogram(name: "w", values: [-5, 0.2, 0.7, 9], bins: 4, range: 0...1)
        XCTAssertEqual(histogram.counts, [1, 0, 1, 0])
        XCTAssertEqual(histogram.outsideCount, 2)
    }

    func testEqualValuesGetABinInsteadOfDividingByZero() {
        let histogram = Histogram(name: "b", values: [3, 3, 3], bins: 3)
        XCTAssertEqual(histogram.counts.reduce(0, +), 3)
        XCTAssertEqual(histogram.edges.first, 2.5)
        XCTAssertEqual(histogram.edges.last, 3.5)
    }

    func testPrecomputedCountsNeedOneMoreEdge() {
        XCTAssertThrowsError(try Histogram(name: "x", edges: [0, 1], counts: [1, 2]))
        XCTAssertNoThrow(try Histogram(name: "x", edges: [0, 1, 2], counts: [1, 2]))
    }

    func testBarsUseEighthsAndNeverVanish() {
        let chart = HistogramChart(histograms: [])
        XCTAssertEqual(chart.bar(8, largest: 8, width: 2), "██")
        XCTAssertEqual(chart.bar(3, largest: 8, width: 2), "▊")  // 6 of 16 eighths
        XCTAssertEqual(chart.bar(1, largest: 1000, width: 10), "▏")
        XCTAssertEqual(chart.bar(0, largest: 8, width: 2), "")
        XCTAssertEqual(HistogramChart(histograms: [], style: .ascii).bar(1, largest: 1000, width: 10), "#")
    }

    static let layers = [
        Histogram(name: "L1.W", values: bell(400, scale: 1.2), bins: 8),
        Histogram(name: "L2.W", values: bell(64, scale: 0.4) + [.nan], bins: 8),
    ]

    func testStackedGolden() {
        let chart = HistogramChart(title: "weights per layer", histograms: Self.layers)
        GoldenFile.assertMatches(chart.plainText(), named: "histogram-stacked.txt")
    }

    func testSideBySideGolden() {
        let chart = HistogramChart(histograms: Self.layers, layout: .sideBySide)
        let text = chart.plainText()
        GoldenFile.assertMatches(text, named: "histogram-side.txt")
        for line in text.components(separatedBy: "\n") {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 72, line)
        }
    }

    func testASCIIGolden() {
        let chart = HistogramChart(histograms: Self.layers, layout: .sideBySide, width: 66, style: .ascii)
        let text = chart.plainText()
        GoldenFile.assertMatches(text, named: "histogram-ascii.txt")
        XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    func testTooManyPanelsForTheWidthAreStackedInstead() {
        let four = (0..<4).map { Histogram(name: "L\($0).W", values: Self.bell(100, scale: 0.3), bins: 5) }
        let chart = HistogramChart(histograms: four, layout: .sideBySide)
        let text = chart.plainText()
        XCTAssertFalse(text.contains("│"), "four panels of 72 columns do not fit side by side")
        XCTAssertEqual(text, HistogramChart(histograms: four, layout: .stacked).plainText())
        for line in text.components(separatedBy: "\n") {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 72, line)
        }
    }
}
