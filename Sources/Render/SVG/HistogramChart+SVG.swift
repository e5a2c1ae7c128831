extension HistogramChart {
    /// The histograms as a standalone SVG picture: one panel per histogram, stacked or side by
    /// side as the text is, each with its heading (name and counts), count and value axes, and
    /// its bins as `<rect class="bar">` in a `<g class="series">` named after it.
    public func svg() -> String {
        let sideBySide = shownLayout == .sideBySide && histograms.count > 1
        let totalWidth = 640.0
        let titleBand = title == nil ? 0.0 : 28
        var frames: [SVGPlotFrame] = []
        var y = titleBand
        var x = 0.0
        for (index, histogram) in histograms.enumerated() {
            let low = histogram.edges.first ?? 0
            let high = histogram.edges.last ?? 1
            let largest = Double(histogram.counts.max() ?? 0)
            var frame = SVGPlotFrame(
                title: Self.heading(histogram),
                xScale: .linear(low: low, high: high, targetTicks: sideBySide ? 3 : 6, extendToTicks: false),
                yScale: .linear(low: 0, high: max(largest, 1), targetTicks: 4, extendToTicks: true),
                xTitle: "value", yTitle: "count", legend: [],
                plotWidth: 0, plotHeight: 140, originX: x, originY: y)
            let share = sideBySide ? totalWidth / Double(histograms.count) : totalWidth
            frame.plotWidth = max(share - frame.marginLeft - frame.right, 60)
            frames.append(frame)
            if sideBySide && index < histograms.count - 1 {
                x += frame.width
            } else if !sideBySide {
                y += frame.height
            }
        }
        let width = frames.map { $0.originX + $0.width }.max() ?? totalWidth
        let height = frames.map { $0.originY + $0.height }.max() ?? titleBand + 20
        var document = SVGDocument(
            width: width, height: max(height, titleBand + 20), classes: "backprop-chart histogram")
        if let title { document.text(title, x: 12, y: 20, className: "title", size: SVGPlotFrame.titleSize) }
        for (index, (histogram, frame)) in zip(histograms, frames).enumerated() {
            frame.drawBackground(into: &document)
            let colour = SVGPalette.series(index)
            document.beginGroup(["class": "series", "data-series": histogram.name, "fill": colour])
            for bin in histogram.counts.indices {
                let left = frame.x(histogram.edges[bin])
                let right = frame.x(histogram.edges[bin + 1])
                let top = frame.y(Double(histogram.counts[bin]))
                let closing = bin == histogram.counts.count - 1 ? "]" : ")"
                let edges = edgeFormat.strings([histogram.edges[bin], histogram.edges[bin + 1]])
                document.rect(
                    x: left + 0.5, y: top, width: max(right - left - 1, 0.5), height: frame.y(0) - top,
                    fill: colour, className: "bar",
                    title: "[\(edges[0]), \(edges[1])\(closing)  \(histogram.counts[bin])")
            }
            document.endGroup()
            frame.drawAxes(into: &document)
        }
        return document.xml()
    }
}
