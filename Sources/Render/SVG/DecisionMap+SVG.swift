extension DecisionMap {
    /// The map as a standalone SVG picture: each class's region in a light colour (cells of
    /// one class next to each other in a row merged into one `<rect class="region">`), every
    /// data point as a dot in its true class's strong colour, the text map's axes and ticks,
    /// and a legend naming the classes.
    public func svg() -> String {
        let rows = grid.count
        let columns = grid.first?.count ?? 0
        let classes = Set(grid.joined()).union(points.map(\.label)).sorted()
        func name(_ label: Int) -> String {
            label >= 0 && label < classNames.count ? classNames[label] : "class \(label)"
        }
        let legend =
            classes.map {
                SVGLegendEntry(label: "region: \(name($0))", colour: SVGPalette.region($0), swatch: .fill)
            }
            + classes.map {
                SVGLegendEntry(label: "points: \(name($0))", colour: SVGPalette.point($0), swatch: .point)
            }
        let frame = SVGPlotFrame(
            title: title,
            xScale: .linear(
                low: xRange.lowerBound, high: xRange.upperBound, targetTicks: max(columns / 12, 2),
                extendToTicks: false),
            yScale: Self.verticalScale(yRange, height: rows), xTitle: "x1", yTitle: "x2", legend: legend,
            plotWidth: Double(max(columns, 1)) * LineChart.svgColumnWidth,
            plotHeight: Double(max(rows, 1)) * LineChart.svgRowHeight)
        var document = SVGDocument(
            width: frame.width, height: frame.height, classes: "backprop-chart decision-map")
        let cellWidth = frame.plotWidth / Double(max(columns, 1))
        let cellHeight = frame.plotHeight / Double(max(rows, 1))
        document.beginGroup(["class": "regions"])
        for (row, labels) in grid.enumerated() {
            var start = 0
            while start < labels.count {
                var end = start + 1
                while end < labels.count && labels[end] == labels[start] { end += 1 }
                document.rect(
                    x: frame.left + Double(start) * cellWidth, y: frame.top + Double(row) * cellHeight,
                    width: Double(end - start) * cellWidth, height: cellHeight,
                    fill: SVGPalette.region(labels[start]), className: "region")
                start = end
            }
        }
        document.endGroup()
        frame.drawBackground(into: &document)
        document.beginGroup(["class": "points", "stroke": "#FFFFFF", "stroke-width": "0.8"])
        for point in points where xRange.contains(point.x) && yRange.contains(point.y) {
            document.addMarkup(
                SVGDocument.element(
                    "circle",
                    [
                        ("class", "point"), ("cx", SVGDocument.number(frame.x(point.x))),
                        ("cy", SVGDocument.number(frame.y(point.y))), ("r", "3.5"),
                        ("fill", SVGPalette.point(point.label)),
                    ]))
        }
        document.endGroup()
        frame.drawAxes(into: &document)
        frame.drawLegend(into: &document)
        return document.xml()
    }
}
