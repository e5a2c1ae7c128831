extension Heatmap {
    /// The matrix as a standalone SVG picture: a grid of `<rect class="cell">` coloured on a
    /// diverging scale (blue below zero, white at zero, red above), row and column labels, and
    /// a colour scale legend with its end values.
    ///
    /// It shows the cells the text shows (block means of a large matrix, so the picture's size
    /// is bounded), and its scale has eight bands on each side of zero, as the text's ramp has
    /// shades. Each cell's value is its tooltip while the grid has at most 1,024 cells.
    public func svg() -> String {
        let layout = layout()
        let columnLabels = self.columnLabels ?? (0..<shape[1]).map(String.init)
        let shownColumnLabels = (0..<layout.shownColumns).map { columnLabels[$0 * layout.columnBlock] }
        let shownRowLabels = (0..<layout.shownRows).map { layout.rowLabels[$0 * layout.rowBlock] }
        let cell = min(
            28, max(6, (560 / Double(layout.shownColumns)).rounded(.down)),
            max(6, (560 / Double(layout.shownRows)).rounded(.down)))
        let left = 12 + (shownRowLabels.map { SVGDocument.textWidth($0) }.max() ?? 0) + 8
        let top = (title == nil ? 12.0 : 34.0) + 18
        let gridWidth = cell * Double(layout.shownColumns)
        let gridHeight = cell * Double(layout.shownRows)
        let band = 14.0
        let scaleWidth = band * Double(2 * SVGPalette.heatLevels + 1)
        let titleWidth = SVGDocument.textWidth(title ?? "", size: SVGPlotFrame.titleSize)
        let width = max(left + gridWidth, left + scaleWidth + 60, left + titleWidth, 260) + 24
        let height = top + gridHeight + 78
        var document = SVGDocument(width: width, height: height, classes: "backprop-chart heatmap")
        if let title {
            document.text(title, x: left, y: 22, className: "title", size: SVGPlotFrame.titleSize)
        }

        // Column labels every few columns, so that the longest fits; a regular spacing reads as a ruler.
        let longest = shownColumnLabels.map { SVGDocument.textWidth($0, size: 11) }.max() ?? 0
        let stride = max(1, Int(((longest + 6) / cell).rounded(.up)))
        document.beginGroup(["class": "axis column-labels"])
        for column in Swift.stride(from: 0, to: layout.shownColumns, by: stride) {
            document.text(
                shownColumnLabels[column], x: left + (Double(column) + 0.5) * cell, y: top - 6,
                className: "tick-label", anchor: "middle", size: 11)
        }
        document.endGroup()
        document.beginGroup(["class": "axis row-labels"])
        for (row, label) in shownRowLabels.enumerated() {
            document.text(
                label, x: left - 6, y: top + (Double(row) + 0.5) * cell + 4, className: "tick-label",
                anchor: "end",
                size: 11)
        }
        document.endGroup()

        let format = NumberFormat(significantDigits: 4)
        let tooltips = layout.shownRows * layout.shownColumns <= 1024
        document.beginGroup(["class": "cells", "stroke": "#FFFFFF", "stroke-width": "0.5"])
        for row in 0..<layout.shownRows {
            for column in 0..<layout.shownColumns {
                let value = layout.pooled[row * layout.shownColumns + column]
                document.rect(
                    x: left + Double(column) * cell, y: top + Double(row) * cell, width: cell, height: cell,
                    fill: SVGPalette.heat(value, largest: layout.largest),
                    className: value.isFinite ? "cell" : "cell nan",
                    title: tooltips
                        ? "[\(shownRowLabels[row]), \(shownColumnLabels[column])] \(format.string(value))"
                        : nil)
            }
        }
        document.endGroup()

        // The scale: one band per colour the cells can take, the strongest negative first.
        let scaleTop = top + gridHeight + 14
        document.beginGroup(["class": "legend colour-scale"])
        for (index, level) in (-SVGPalette.heatLevels...SVGPalette.heatLevels).enumerated() {
            document.rect(
                x: left + Double(index) * band, y: scaleTop, width: band, height: 12,
                fill: SVGPalette.heatColour(level: level), className: "scale-band")
        }
        let ends = NumberFormat(significantDigits: 3).strings([-layout.largest, layout.largest])
        document.text(ends[0], x: left, y: scaleTop + 26, className: "tick-label", anchor: "start", size: 11)
        document.text(
            "0", x: left + scaleWidth / 2, y: scaleTop + 26, className: "tick-label", anchor: "middle",
            size: 11)
        document.text(
            ends[1], x: left + scaleWidth, y: scaleTop + 26, className: "tick-label", anchor: "end", size: 11)
        document.endGroup()
        document.text(note(layout), x: left, y: scaleTop + 46, className: "note", size: 11)
        return document.xml()
    }
}
