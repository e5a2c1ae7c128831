/// The frame around a character plot: title, y-axis with tick labels, x-axis with tick
/// labels and an optional caption, and a legend. Shared by line charts and decision maps.
struct ChartFrame: Sendable {
    var title: String?
    /// Plot area rows, top to bottom, each exactly as wide as the plot area.
    var plotRows: [[Character]]
    /// Tick labels by plot row.
    var yTicks: [Int: String]
    /// Tick labels by plot column.
    var xTicks: [(column: Int, label: String)]
    /// Text at the right end of the x tick labels, when it fits (what x measures).
    var xCaption: String?
    /// Legend entries, laid out on as few lines as the width allows.
    var legend: [String]
    var style: RenderStyle

    /// Columns taken left of the plot area by labels and the axis line.
    static func marginWidth(yLabels: [String]) -> Int {
        (yLabels.map { DisplayWidth.of($0) }.max() ?? 0) + 2
    }

    /// The whole chart as lines of text, `labelWidth + 2 + plot width` columns wide.
    func lines() -> [String] {
        let labelWidth = (yTicks.values.map { DisplayWidth.of($0) }.max() ?? 0)
        let plotWidth = plotRows.first?.count ?? 0
        let unicode = style == .unicode
        var lines: [String] = []
        if let title { lines.append(title) }
        for (row, cells) in plotRows.enumerated() {
            let label = yTicks[row].map { DisplayWidth.pad($0, to: labelWidth, alignment: .right) }
            let axis: Character = yTicks[row] == nil ? (unicode ? "│" : "|") : (unicode ? "┤" : "+")
            let text =
                (label ?? String(repeating: " ", count: labelWidth)) + " " + String(axis) + String(cells)
            lines.append(String(text.trimmingTrailingSpaces()))
        }
        var axisLine = [Character](repeating: unicode ? "─" : "-", count: plotWidth)
        for tick in xTicks where tick.column >= 0 && tick.column < plotWidth {
            axisLine[tick.column] = unicode ? "┬" : "+"
        }
        lines.append(String(repeating: " ", count: labelWidth + 1) + (unicode ? "└" : "+") + String(axisLine))
        // What x measures goes in the margin under the y labels when it fits there, else
        // at the right end of the tick labels when they leave room.
        let captionFitsMargin = xCaption.map { DisplayWidth.of($0) <= labelWidth + 1 } ?? false
        let margin =
            captionFitsMargin
            ? DisplayWidth.pad(xCaption ?? "", to: labelWidth + 2)
            : String(repeating: " ", count: labelWidth + 2)
        lines.append(margin + tickLabelLine(width: plotWidth, caption: captionFitsMargin ? nil : xCaption))
        lines += legendLines(width: labelWidth + 2 + plotWidth)
        return lines.map { String($0.trimmingTrailingSpaces()) }
    }

    /// Tick labels centred under their ticks; a label that would touch the previous one is dropped.
    private func tickLabelLine(width: Int, caption: String?) -> String {
        var characters = [Character](repeating: " ", count: width)
        var nextFree = 0
        for tick in xTicks {
            let label = Array(tick.label)
            var start = tick.column - (label.count - 1) / 2
            start = min(max(start, 0), width - label.count)
            guard start >= nextFree, start >= 0 else { continue }
            for (offset, character) in label.enumerated() { characters[start + offset] = character }
            nextFree = start + label.count + 1
        }
        if let caption = caption.map(Array.init) {
            let start = width - caption.count
            if start >= nextFree + 1 {
                for (offset, character) in caption.enumerated() { characters[start + offset] = character }
            }
        }
        return String(characters)
    }

    private func legendLines(width: Int) -> [String] {
        guard !legend.isEmpty else { return [] }
        var lines: [String] = []
        var current = ""
        for entry in legend {
            let candidate = current.isEmpty ? entry : current + "   " + entry
            if DisplayWidth.of(candidate) > width && !current.isEmpty {
                lines.append(current)
                current = entry
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines
    }
}
