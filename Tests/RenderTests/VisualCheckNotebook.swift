import Foundation
import XCTest

@testable import Render

/// Writes a notebook of every renderer's output (the MIME bundle the kernel sends) for
/// a person to open in JupyterLab and look at: `BACKPROP_VISUAL_CHECK=build/render-check.ipynb
/// swift test --filter VisualCheckNotebook`. Skipped otherwise.
final class VisualCheckNotebook: XCTestCase {
    func testWriteNotebook() throws {
        guard let path = ProcessInfo.processInfo.environment["BACKPROP_VISUAL_CHECK"] else {
            throw XCTSkip("set BACKPROP_VISUAL_CHECK to a notebook path to write the visual check")
        }
        let twoNets: [LineChart.Series] = [
            .init("sgd", y: LineChartTests.loss(2000)),
            .init("adam", y: LineChartTests.loss(2000, scale: 0.6, floor: 0.01)),
        ]
        var spiky = LineChartTests.loss(5000)
        spiky[3100] = 2.5
        let outputs: [(String, Rendering)] = [
            ("show summary", try TableTests.summary().rendering()),
            ("xor.L1.W", try MatrixTable(rows: [[1, -0.5, 0.25], [0, 2, -1e-3]]).table().rendering()),
            (
                "mnist.L1.W",
                try MatrixTable(values: HeatmapTests.weights(rows: 784, columns: 256), shape: [784, 256])
                    .table().rendering()
            ),
            (
                "plot loss",
                LineChart(title: "xor loss", series: [.init("loss", y: LineChartTests.loss(200))]).rendering()
            ),
            ("plot loss (two nets)", LineChart(title: "sgd vs adam", series: twoNets).rendering()),
            ("plot loss log", LineChart(title: "log", series: twoNets, logarithmicY: true).rendering()),
            ("plot loss ascii", LineChart(title: "ascii", series: twoNets, style: .ascii).rendering()),
            (
                "spike",
                LineChart(title: "one spike in 5000 steps", series: [.init("loss", y: spiky)], height: 10)
                    .rendering()
            ),
            ("hist weights", HistogramChart(histograms: HistogramTests.layers).rendering()),
            (
                "hist side by side",
                HistogramChart(histograms: HistogramTests.layers, layout: .sideBySide).rendering()
            ),
            (
                "heatmap",
                try Heatmap(
                    title: "xor.L1.W", values: HeatmapTests.weights(rows: 6, columns: 10), shape: [6, 10]
                ).rendering()
            ),
            (
                "heatmap big",
                try Heatmap(values: HeatmapTests.weights(rows: 64, columns: 100), shape: [64, 100])
                    .rendering()
            ),
            (
                "plot boundary",
                DecisionMap(
                    title: "circles", xRange: -1.2...1.2, yRange: -1.2...1.2, height: 20,
                    classNames: ["inside", "outside"],
                    points: DecisionMapTests.points
                ) { x, y in x * x + y * y < 0.45 ? 0 : 1 }.rendering()
            ),
            (
                "train (progress)",
                ProgressLine(
                    step: 1040, totalSteps: 2000, epoch: 520, totalEpochs: 1000, loss: 0.012345,
                    validationLoss: 0.015,
                    elapsedSeconds: 1.28
                ).rendering()
            ),
        ]
        let cells: [[String: Any]] = outputs.enumerated().map { index, entry in
            let data: [String: Any] = entry.1.mimeData
            return [
                "cell_type": "code", "id": "render-\(index + 1)", "execution_count": index + 1,
                "metadata": [:], "source": entry.0,
                "outputs": [["output_type": "display_data", "data": data, "metadata": [:]]],
            ]
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5, "cells": cells,
            "metadata": [
                "kernelspec": ["name": "backprop", "display_name": "Backprop", "language": "backprop"]
            ],
        ]
        let data = try JSONSerialization.data(
            withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys])
        try writeExport(String(decoding: data, as: UTF8.self), to: path)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
