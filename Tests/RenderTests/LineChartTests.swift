import Foundation
import XCTest

@testable import Render

final class LineChartTests: XCTestCase {
    /// A loss curve that falls like training does, with some noise from a fixed formula.
    static func loss(_ count: Int, scale: Double = 1, floor: Double = 0.02) -> [Double] {
        (0..<count).map { step in
            let t = Double(step)
            return scale * exp(-t / Double(count) * 4) + floor + 0.01 * sin(t * 1.7)
        }
    }

    func testOneSeriesGolden() {
        let chart = LineChart(title: "xor loss", series: [.init("loss", y: Self.loss(200))])
        GoldenFile.assertMatches(chart.plainText(), named: "chart-one.txt")
    }

    func testTwoSeriesGolden() {
        let chart = LineChart(
            title: "train and validation",
            series: [
                .init("train", y: Self.loss(500)),
                .init(
                    "valid", y: Self.loss(50, scale: 1.1, floor: 0.08), x: (1...50).map { Double($0 * 10) }),
            ])
        GoldenFile.assertMatches(chart.plainText(), named: "chart-two.txt")
    }

    func testLogScaleGolden() {
        let values = (0..<300).map { 2.0 * pow(0.97, Double($0)) }
        let chart = LineChart(title: "log loss", series: [.init("loss", y: values)], logarithmicY: true)
        GoldenFile.assertMatches(chart.plainText(), named: "chart-log.txt")
    }

    func testASCIIGolden() {
        let chart = LineChart(
            title: "two nets",
            series: [
                .init("sgd", y: Self.loss(120)), .init("adam", y: Self.loss(120, scale: 0.6, floor: 0.01)),
            ],
            width: 60, height: 10, style: .ascii)
        let text = chart.plainText()
        GoldenFile.assertMatches(text, named: "chart-ascii.txt")
        XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII }, "ASCII charts use ASCII only")
    }

    func testGapAndSpikeGolden() {
        var values = Self.loss(1000)
        values[600] = 3  // one spike in a thousand points must survive resampling
        for index in 300..<340 { values[index] = .nan }
        let chart = LineChart(title: "spike and gap", series: [.init("loss", y: values)], height: 8)
        GoldenFile.assertMatches(chart.plainText(), named: "chart-spike-gap.txt")
    }

    func testEveryLineFitsTheWidth() {
        for width in [40, 72, 100] {
            let chart = LineChart(
                series: [.init("a", y: Self.loss(1000)), .init("b", y: Self.loss(10))], width: width)
            for line in chart.plainText().components(separatedBy: "\n") {
                XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, line)
            }
            let plotLines = chart.plainText().components(separatedBy: "\n").filter {
                $0.contains("┤") || $0.contains("│")
            }
            XCTAssertEqual(plotLines.count, 16)
        }
    }

    func testTheAxisBarsLineUpInOneColumn() {
        let text = LineChart(series: [.init("loss", y: Self.loss(100))]).plainText()
        let columns = Set(
            text.components(separatedBy: "\n").compactMap { line -> Int? in
                guard let index = line.firstIndex(where: { "┤│└".contains($0) }) else { return nil }
                return DisplayWidth.of(line[..<index])
            })
        XCTAssertEqual(columns.count, 1, "y axis column: \(columns)")
    }

    func testResamplingKeepsMinimumAndMaximumPerColumn() {
        var y = Array(repeating: 1.0, count: 1000)
        y[501] = 9
        y[502] = -4
        let buckets = ColumnResampler.buckets(
            x: (0..<1000).map(Double.init), y: y, xRange: 0...999, columns: 10,
            plotted: { $0.isFinite ? $0 : nil })
        XCTAssertEqual(buckets.count, 10)
        XCTAssertEqual(buckets[5]?.maximum, 9)
        XCTAssertEqual(buckets[5]?.minimum, -4)
        XCTAssertEqual(buckets[0]?.maximum, 1)
    }

    func testResamplingMarksGapsAfterNaN() {
        let buckets = ColumnResampler.buckets(
            x: [0, 1, 2, 3], y: [1, .nan, 2, 3], xRange: 0...3, columns: 4,
            plotted: { $0.isFinite ? $0 : nil })
        XCTAssertNil(buckets[1])
        XCTAssertEqual(buckets[2]?.followsGap, true)
        XCTAssertEqual(buckets[3]?.followsGap, false)
    }

    func testLogScaleLeavesNonPositiveValuesOut() {
        let chart = LineChart(series: [.init("x", y: [0, -1, 0.1, 1, 10])], logarithmicY: true)
        let scale = chart.verticalScale()
        XCTAssertEqual(scale.lower, -1)
        XCTAssertEqual(scale.upper, 1)
        XCTAssertEqual(scale.ticks.map(\.label), ["0.1", "1", "10"])
    }

    /// A log x axis spreads decades evenly, labels powers of ten and leaves x ≤ 0 out.
    func testLogXAxisPlacesDecadesEvenlyWithPowerOfTenTicks() {
        let xs = [-1.0, 1e-4, 1e-3, 1e-2, 1e-1, 1]
        let chart = LineChart(
            series: [.init("loss", y: [1, 5, 4, 3, 2, 1], x: xs)], width: 72, height: 4, logarithmicX: true,
            style: .ascii, xLabel: "lr")
        XCTAssertEqual(chart.horizontalRange(), -4...0)
        let lines = chart.plainText().split(separator: "\n").map(String.init)
        let labels = lines[lines.count - 1]
        let columns = ["0.001", "0.01", "0.1"].map { label in
            labels.range(of: " " + label + " ").map {
                labels.distance(from: labels.startIndex, to: $0.lowerBound)
            }
        }
        XCTAssertTrue(labels.hasPrefix("lr 0.0001 ") && labels.hasSuffix(" 1"), labels)
        let found = columns.compactMap { $0 }
        XCTAssertEqual(found.count, 3, labels)
        // A label starts at its tick, so decades lie the same distance apart, to a column's rounding.
        if found.count == 3 { XCTAssertEqual(found[1] - found[0], found[2] - found[1], accuracy: 1, labels) }
    }

    func testMarksDefaultByPositionAndStyle() {
        let series: [LineChart.Series] = [.init("a", y: [1]), .init("b", y: [1]), .init("c", y: [1])]
        XCTAssertEqual(
            LineChart(series: series).resolvedMarks(), [.braille, .character("×"), .character("+")])
        XCTAssertEqual(
            LineChart(series: series, style: .ascii).resolvedMarks(),
            [.character("*"), .character("o"), .character("+")])
        let forced = [LineChart.Series("a", y: [1], mark: .braille), .init("b", y: [1], mark: .braille)]
        XCTAssertEqual(LineChart(series: forced).resolvedMarks(), [.braille, .braille])
    }

    func testNiceTicks() {
        let scale = AxisScale.linear(low: 0.013, high: 0.97, targetTicks: 4, extendToTicks: true)
        XCTAssertEqual(scale.ticks.map(\.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let log = AxisScale.logarithmic(low: 0.03, high: 0.9, targetTicks: 5)
        XCTAssertEqual(log.ticks.map(\.label), ["0.05", "0.1", "0.2", "0.5"])
        let decades = AxisScale.logarithmic(low: 1e-6, high: 1, targetTicks: 3)
        XCTAssertEqual(decades.ticks.map(\.label), ["1e-06", "1e-04", "1e-02", "1e+00"], "one notation")
        let wide = AxisScale.logarithmic(low: 0.5, high: 2e17, targetTicks: 4)
        XCTAssertTrue(wide.ticks.allSatisfy { $0.label.contains("e") }, "\(wide.ticks.map(\.label))")
        let plain = AxisScale.logarithmic(low: 0.001, high: 1000, targetTicks: 7)
        XCTAssertEqual(plain.ticks.map(\.label), ["0.001", "0.01", "0.1", "1", "10", "100", "1000"])
        XCTAssertEqual(AxisScale.niceStep(0.23), 0.2)
        XCTAssertEqual(AxisScale.niceStep(3.4), 5)
        XCTAssertEqual(AxisScale.niceStep(780), 1000)
    }

    func testEmptyAndFlatSeriesStillDrawAFrame() {
        XCTAssertTrue(LineChart(series: [.init("empty", y: [])]).plainText().contains("└"))
        let flat = LineChart(series: [.init("flat", y: [0.5, 0.5, 0.5])], height: 4).plainText()
        XCTAssertTrue(flat.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, flat)
    }

    func testAMillionPointsRenderQuicklyAndKeepTheirSpike() {
        var values = (0..<1_000_000).map { 1 / Double($0 + 10) }
        values[777_777] = 5
        let start = Date()
        let text = LineChart(series: [.init("loss", y: values)]).plainText()
        let seconds = Date().timeIntervalSince(start)
        XCTAssertLessThan(seconds, 5, "a million points took \(seconds) s")
        // The top plot row holds only the spike, in the column of step 777 778.
        let topRow = text.components(separatedBy: "\n")[0]
        XCTAssertEqual(topRow.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count, 1, topRow)
        print("LineChart of 1e6 points: \(String(format: "%.3f", seconds)) s")
    }
}
