extension LabelledScatter {
    /// The scatter as a standalone SVG picture: each point as its full label (`<text
    /// class="point-label">`) centred where it falls, which the picture can show without the
    /// text grid's crowding, on the same axes as the text chart.
    public func svg() -> String {
        let xRange = Self.range(points.map(\.x))
        let yRange = Self.range(points.map(\.y))
        let frame = SVGPlotFrame(
            title: title,
            xScale: .linear(
                low: xRange.lowerBound, high: xRange.upperBound, targetTicks: max(width / 12, 2),
                extendToTicks: false),
            yScale: .linear(
                low: yRange.lowerBound, high: yRange.upperBound, targetTicks: max(height / 5, 2),
                extendToTicks: false),
            xTitle: xCaption, yTitle: yCaption,
            legend: legend.map { SVGLegendEntry(label: $0, colour: SVGPalette.series(0), swatch: .point) },
            plotWidth: Double(max(width, 8)) * LineChart.svgColumnWidth,
            plotHeight: Double(max(height, 4)) * LineChart.svgRowHeight)
        var document = SVGDocument(
            width: frame.width, height: frame.height, classes: "backprop-chart labelled-scatter")
        frame.drawBackground(into: &document)
        document.beginGroup(["class": "points", "fill": SVGPalette.series(0)])
        for point in points {
            document.text(
                point.label, x: frame.x(point.x), y: frame.y(point.y) + 4, className: "point-label",
                anchor: "middle")
        }
        document.endGroup()
        frame.drawAxes(into: &document)
        frame.drawLegend(into: &document)
        return document.xml()
    }
}
