import Foundation

/// One entry of an SVG chart's legend.
struct SVGLegendEntry: Sendable, Equatable {
    enum Swatch: Sendable, Equatable {
        /// A short stroke, dashed for guides.
        case line(dashed: Bool)
        /// A filled square (histogram bars, decision regions).
        case fill
        /// A dot (data points).
        case point
    }

    var label: String
    var colour: String
    var swatch: Swatch
}

/// The frame of an SVG chart: title, plot area with grid lines, axes with ticks, tick labels
/// and titles, and a legend below. It takes the axes from the text chart's own `AxisScale`s,
/// so the picture and the text show the same range and the same tick labels, and it maps
/// plotted units (log10 of the value on a log axis) to pixels.
struct SVGPlotFrame: Sendable {
    var title: String?
    /// The x-axis: its lower and upper ends are the plot area's edges.
    var xScale: AxisScale
    var yScale: AxisScale
    var xTitle: String?
    var yTitle: String?
    var legend: [SVGLegendEntry]
    var plotWidth: Double
    var plotHeight: Double
    /// Where the frame's top left corner sits in the document (several panels share one).
    var originX = 0.0
    var originY = 0.0

    static let fontSize = 12.0
    static let titleSize = 14.0
    static let legendRowHeight = 18.0

    /// Pixels left of the plot area: tick labels, and the y title turned on its side.
    var marginLeft: Double {
        let labels = yScale.ticks.map { SVGDocument.textWidth($0.label) }.max() ?? 0
        return 12 + labels + 8 + (yTitle == nil ? 0 : 20)
    }

    var marginTop: Double { title == nil ? 12 : 34 }
    /// The plot area's left edge in the document.
    var left: Double { originX + marginLeft }
    /// The plot area's top edge in the document.
    var top: Double { originY + marginTop }
    var right: Double { 24 }
    /// Pixels under the plot area: tick labels and the x title.
    var axisBand: Double { 22 + (xTitle == nil ? 0 : 20) }

    /// The frame's size, its origin not included.
    /// Wide enough for the title as well, which may be longer than the plot is wide.
    var width: Double {
        max(
            marginLeft + plotWidth + right,
            marginLeft + SVGDocument.textWidth(title ?? "", size: Self.titleSize) + 12)
    }
    var height: Double { marginTop + plotHeight + axisBand + legendHeight + 8 }

    /// The legend's entries laid out in rows that fit the width.
    func legendRows() -> [[(entry: SVGLegendEntry, x: Double)]] {
        var rows: [[(SVGLegendEntry, Double)]] = []
        var current: [(SVGLegendEntry, Double)] = []
        var x = left
        for entry in legend {
            let entryWidth = 28 + SVGDocument.textWidth(entry.label) + 18
            if !current.isEmpty && x + entryWidth > originX + width - right {
                rows.append(current)
                current = []
                x = left
            }
            current.append((entry, x))
            x += entryWidth
        }
        if !current.isEmpty { rows.append(current) }
        return rows.map { $0.map { (entry: $0.0, x: $0.1) } }
    }

    var legendHeight: Double { Double(legendRows().count) * Self.legendRowHeight }

    /// The pixel column of an x in plotted units.
    func x(_ plotted: Double) -> Double {
        let span = xScale.upper - xScale.lower
        let fraction = span > 0 ? (plotted - xScale.lower) / span : 0.5
        return left + fraction * plotWidth
    }

    /// The pixel row of a y in plotted units (up is larger).
    func y(_ plotted: Double) -> Double {
        let span = yScale.upper - yScale.lower
        let fraction = span > 0 ? (plotted - yScale.lower) / span : 0.5
        return top + (1 - fraction) * plotHeight
    }

    /// A document of the frame's size with the title and the grid drawn; the axes (`drawAxes`),
    /// the series and the legend (`drawLegend`) go on top.
    func document(classes: String) -> SVGDocument {
        var document = SVGDocument(width: width, height: height, classes: classes)
        drawBackground(into: &document)
        return document
    }

    /// The title and the grid lines.
    func drawBackground(into document: inout SVGDocument) {
        if let title {
            document.text(title, x: left, y: originY + 22, className: "title", size: Self.titleSize)
        }
        document.beginGroup(["class": "grid", "stroke": "#E6E6E6"])
        for tick in yScale.ticks {
            document.line(
                from: (left, y(tick.position)), to: (left + plotWidth, y(tick.position)),
                className: "grid-line", stroke: "#E6E6E6")
        }
        for tick in xScale.ticks {
            document.line(
                from: (x(tick.position), top), to: (x(tick.position), top + plotHeight),
                className: "grid-line", stroke: "#E6E6E6")
        }
        document.endGroup()
    }

    /// Axis lines, ticks (with minor ticks at 2…9 times each power of ten on a log axis),
    /// tick labels and axis titles.
    func drawAxes(into document: inout SVGDocument) {
        let bottom = top + plotHeight
        document.beginGroup(["class": xScale.isLogarithmic ? "axis x-axis log" : "axis x-axis"])
        document.line(from: (left, bottom), to: (left + plotWidth, bottom), className: "axis-line")
        for position in Self.minorLogTicks(xScale) {
            document.line(from: (x(position), bottom), to: (x(position), bottom + 3), className: "minor-tick")
        }
        for tick in xScale.ticks {
            let position = x(tick.position)
            document.line(from: (position, bottom), to: (position, bottom + 5), className: "tick")
            document.text(tick.label, x: position, y: bottom + 18, className: "tick-label", anchor: "middle")
        }
        if let xTitle {
            document.text(
                xTitle, x: left + plotWidth / 2, y: bottom + 38, className: "axis-title", anchor: "middle")
        }
        document.endGroup()

        document.beginGroup(["class": yScale.isLogarithmic ? "axis y-axis log" : "axis y-axis"])
        document.line(from: (left, top), to: (left, bottom), className: "axis-line")
        for position in Self.minorLogTicks(yScale) {
            document.line(from: (left - 3, y(position)), to: (left, y(position)), className: "minor-tick")
        }
        for tick in yScale.ticks {
            let position = y(tick.position)
            document.line(from: (left - 5, position), to: (left, position), className: "tick")
            document.text(tick.label, x: left - 8, y: position + 4, className: "tick-label", anchor: "end")
        }
        if let yTitle {
            let centre = top + plotHeight / 2
            document.text(
                yTitle, x: originX + 16, y: centre, className: "axis-title", anchor: "middle", rotate: true)
        }
        document.endGroup()
    }

    /// 2, 3, … 9 times each power of ten inside a log axis, in plotted units.
    static func minorLogTicks(_ scale: AxisScale) -> [Double] {
        guard scale.isLogarithmic else { return [] }
        let majors = Set(scale.ticks.map(\.position))
        var positions: [Double] = []
        for decade in Int(scale.lower.rounded(.down))...Int(scale.upper.rounded(.up)) {
            for multiple in 2...9 {
                let position = Double(decade) + log10(Double(multiple))
                if position >= scale.lower && position <= scale.upper && !majors.contains(position) {
                    positions.append(position)
                }
            }
        }
        return positions
    }

    /// The legend rows under the x title.
    func drawLegend(into document: inout SVGDocument) {
        guard !legend.isEmpty else { return }
        document.beginGroup(["class": "legend"])
        let firstRow = top + plotHeight + axisBand + 12
        for (index, row) in legendRows().enumerated() {
            let y = firstRow + Double(index) * Self.legendRowHeight
            for (entry, x) in row {
                document.beginGroup(["class": "legend-entry"])
                switch entry.swatch {
                case .line(let dashed):
                    document.addMarkup(
                        SVGDocument.element(
                            "line",
                            [
                                ("class", "swatch"), ("x1", SVGDocument.number(x)),
                                ("y1", SVGDocument.number(y - 4)),
                                ("x2", SVGDocument.number(x + 22)), ("y2", SVGDocument.number(y - 4)),
                                ("stroke", entry.colour), ("stroke-width", "2"),
                            ] + (dashed ? [("stroke-dasharray", "4 3")] : [])))
                case .fill:
                    document.rect(
                        x: x + 5, y: y - 10, width: 12, height: 12, fill: entry.colour, className: "swatch")
                case .point:
                    document.addMarkup(
                        SVGDocument.element(
                            "circle",
                            [
                                ("class", "swatch"), ("cx", SVGDocument.number(x + 11)),
                                ("cy", SVGDocument.number(y - 4)),
                                ("r", "4"), ("fill", entry.colour),
                            ]))
                }
                document.text(entry.label, x: x + 28, y: y, className: "legend-label")
                document.endGroup()
            }
        }
        document.endGroup()
    }
}
