extension LineChart {
    /// Pixels per text column and per text row: the picture keeps the text chart's proportions.
    static let svgColumnWidth = 9.0
    static let svgRowHeight = 18.0

    /// The chart as a standalone SVG picture: the text chart's axes, ticks and series, one
    /// `<path class="series">` per series, and a legend naming each one.
    ///
    /// Long series are reduced as the text chart reduces them, to one bucket per two pixels
    /// keeping each bucket's first, smallest, largest and last value, so the picture's size
    /// does not grow with the series and a one-step spike stays visible. A series whose mark
    /// the caller chose as a character (a guide level) is drawn dashed.
    public func svg() -> String {
        let layout = layout()
        let xScale = horizontalScale(range: layout.xRange, plotWidth: layout.plotWidth)
        let colours = series.indices.map { SVGPalette.series($0) }
        let frame = SVGPlotFrame(
            title: title, xScale: xScale, yScale: layout.yScale, xTitle: xLabel, yTitle: yLabel,
            legend: zip(series, colours).map { series, colour in
                SVGLegendEntry(label: series.name, colour: colour, swatch: .line(dashed: series.isGuide))
            },
            plotWidth: Double(layout.plotWidth) * Self.svgColumnWidth,
            plotHeight: Double(height) * Self.svgRowHeight)
        var document = frame.document(classes: "backprop-chart line-chart")
        // Axes first, so a series along an edge (a guide at the axis' end) stays visible.
        frame.drawAxes(into: &document)
        let columns = max(Int(frame.plotWidth / 2), 2)
        let span = layout.xRange.upperBound - layout.xRange.lowerBound
        document.beginGroup(["class": "series-group", "fill": "none", "stroke-width": "1.5"])
        for (series, colour) in zip(series, colours) {
            let buckets = ColumnResampler.buckets(
                x: placedX(series), y: series.y, xRange: layout.xRange, columns: columns,
                plotted: layout.yScale.plotted)
            var subpaths: [[(Double, Double)]] = []
            for (column, bucket) in buckets.enumerated() {
                guard let bucket else { continue }
                let xValue = layout.xRange.lowerBound + span * Double(column) / Double(columns - 1)
                let x = frame.x(span > 0 ? xValue : layout.xRange.lowerBound)
                if bucket.followsGap || subpaths.isEmpty { subpaths.append([]) }
                for value in Self.pathValues(bucket) {
                    Self.append((x, frame.y(value)), to: &subpaths[subpaths.count - 1])
                }
            }
            let path = subpaths.map { points in
                points.enumerated().map { index, point in
                    (index == 0 ? "M" : "L") + SVGDocument.number(point.0) + " " + SVGDocument.number(point.1)
                }.joined()
            }.joined(separator: " ")
            var attributes: [(String, String)] = [
                ("class", series.isGuide ? "series guide" : "series"), ("data-series", series.name),
                ("stroke", colour), ("d", path.isEmpty ? "M0 0" : path),
            ]
            if path.isEmpty { attributes.append(("visibility", "hidden")) }
            if series.isGuide { attributes.append(("stroke-dasharray", "4 3")) }
            document.addMarkup(SVGDocument.element("path", attributes))
        }
        document.endGroup()
        frame.drawLegend(into: &document)
        return document.xml()
    }

    /// Adds a point to a path's points; a point that continues a horizontal run, or a vertical
    /// one in its direction, moves the run's end instead, so a flat stretch costs one segment.
    static func append(_ point: (Double, Double), to points: inout [(Double, Double)]) {
        let rounded = (SVGDocument.number(point.0), SVGDocument.number(point.1))
        func key(_ point: (Double, Double)) -> (String, String) {
            (SVGDocument.number(point.0), SVGDocument.number(point.1))
        }
        if let last = points.last, key(last) == rounded { return }
        if points.count >= 2 {
            let (before, last) = (key(points[points.count - 2]), key(points[points.count - 1]))
            let horizontal = before.1 == last.1 && last.1 == rounded.1
            // A vertical run only while it keeps its direction: a spike goes up and comes back.
            let vertical =
                before.0 == last.0 && last.0 == rounded.0
                && (points[points.count - 1].1 - points[points.count - 2].1)
                    * (point.1 - points[points.count - 1].1) > 0
            if horizontal || vertical {
                points[points.count - 1] = point
                return
            }
        }
        points.append(point)
    }

    /// A bucket's values in drawing order: its first value, its extremes in the direction the
    /// bucket moves, its last; repeats left out.
    static func pathValues(_ bucket: ColumnBucket) -> [Double] {
        let extremes =
            bucket.last >= bucket.first
            ? [bucket.minimum, bucket.maximum] : [bucket.maximum, bucket.minimum]
        var values: [Double] = []
        for value in [bucket.first] + extremes + [bucket.last] where values.last != value {
            values.append(value)
        }
        return values
    }
}

extension LineChart.Series {
    /// A series given a character mark by its caller is a guide (a level to compare with), not data.
    var isGuide: Bool {
        if case .character = mark { return true }
        return false
    }
}
