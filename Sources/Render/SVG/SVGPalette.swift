/// The colours of the SVG pictures: fixed, so a chart is the same picture everywhere, and
/// distinct for the common forms of colour blindness (Okabe and Ito's palette).
enum SVGPalette {
    /// Series colours, in the order series are drawn.
    static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// The colour of series `index`.
    static func series(_ index: Int) -> String { series[index % series.count] }

    /// Light fills for decision regions by class, and the strong colour of that class's points.
    static let regions = ["#DCE9F5", "#F8E0CF", "#D5EFE5", "#F2DDEA", "#FBEACC", "#DDF0FB"]

    static func region(_ label: Int) -> String {
        regions[((label % regions.count) + regions.count) % regions.count]
    }

    static func point(_ label: Int) -> String {
        series[((label % regions.count) + regions.count) % regions.count]
    }

    /// Steps of the heatmap scale on each side of zero; colours are quantised so that the
    /// legend's bands are exactly the colours of the cells.
    static let heatLevels = 8

    /// A diverging scale: blue below zero, white at zero, red above, by `value / largest`.
    static func heat(_ value: Double, largest: Double) -> String {
        guard value.isFinite else { return "#9E9E9E" }
        guard largest > 0, value != 0 else { return "#FFFFFF" }
        let level = heatLevel(value, largest: largest)
        return heatColour(level: level)
    }

    /// The band of `value`: -heatLevels…heatLevels, 0 only for zero.
    static func heatLevel(_ value: Double, largest: Double) -> Int {
        guard value.isFinite, largest > 0, value != 0 else { return 0 }
        let magnitude = Int((abs(value) / largest * Double(heatLevels)).rounded(.up))
        let clamped = min(max(magnitude, 1), heatLevels)
        return value > 0 ? clamped : -clamped
    }

    /// The colour of band `level` (negative blue, positive red).
    static func heatColour(level: Int) -> String {
        let fraction = Double(min(abs(level), heatLevels)) / Double(heatLevels)
        let end: (Double, Double, Double) = level < 0 ? (33, 102, 172) : (178, 24, 43)
        func channel(_ target: Double) -> Int { Int((255 + (target - 255) * fraction).rounded()) }
        return hex(channel(end.0), channel(end.1), channel(end.2))
    }

    static func hex(_ red: Int, _ green: Int, _ blue: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        return "#" + [red, green, blue].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }
}
