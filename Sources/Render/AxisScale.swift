import Foundation

/// The value range of a chart axis and its tick marks, linear or logarithmic.
struct AxisScale: Sendable, Equatable {
    /// The lower end, in plotted units (log10 of the value on a log axis).
    let lower: Double
    /// The upper end, in plotted units.
    let upper: Double
    /// Tick positions in plotted units, with their labels.
    let ticks: [(position: Double, label: String)]
    /// Whether plotted units are log10 of the values.
    let isLogarithmic: Bool

    static func == (a: AxisScale, b: AxisScale) -> Bool {
        a.lower == b.lower && a.upper == b.upper && a.isLogarithmic == b.isLogarithmic
            && a.ticks.map(\.position) == b.ticks.map(\.position)
            && a.ticks.map(\.label) == b.ticks.map(\.label)
    }

    /// A value in plotted units, or nil when it cannot be plotted (NaN, or not positive on a log axis).
    func plotted(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        if isLogarithmic { return value > 0 ? log10(value) : nil }
        return value
    }

    /// A linear axis covering `low...high`; with `extendToTicks` the ends move out to round ticks.
    static func linear(low: Double, high: Double, targetTicks: Int, extendToTicks: Bool) -> AxisScale {
        var low = low
        var high = high
        if high <= low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = niceStep((high - low) / Double(max(targetTicks, 1)))
        let first = (low / step).rounded(.up) * step
        let lower = extendToTicks ? (low / step).rounded(.down) * step : low
        let upper = extendToTicks ? (high / step).rounded(.up) * step : high
        var positions: [Double] = []
        var k = 0.0
        while true {
            let position = extendToTicks ? lower + k * step : first + k * step
            // Rounding to the step removes float noise such as 0.30000000000000004.
            let tick = (position / step).rounded() * step
            if tick > upper + step * 1e-9 { break }
            positions.append(tick)
            k += 1
        }
        let labels = linearLabels(positions, step: step)
        return AxisScale(
            lower: lower, upper: upper, ticks: Array(zip(positions, labels)).map { ($0, $1) },
            isLogarithmic: false)
    }

    /// A log10 axis covering exactly `low...high` (both positive), with ticks at the powers
    /// of ten inside it, or at 1, 2 and 5 times them when fewer than three powers fall inside.
    static func logarithmic(low: Double, high: Double, targetTicks: Int) -> AxisScale {
        var lower = log10(low)
        var upper = log10(high)
        if upper - lower < 1e-9 {
            lower -= 0.5
            upper += 0.5
        }
        let inside = { (value: Double) in
            let position = log10(value)
            return position >= lower - 1e-9 && position <= upper + 1e-9
        }
        let decades = Int(lower.rounded(.down))...Int(upper.rounded(.up))
        var values = decades.map { pow(10, Double($0)) }.filter(inside)
        if values.count >= 3 {
            let stride = max(1, (values.count - 1 + targetTicks - 1) / max(targetTicks, 1))
            values = values.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
        } else {
            values = decades.flatMap { decade in [1.0, 2, 5].map { $0 * pow(10, Double(decade)) } }.filter(
                inside)
            if values.count < 2 { values = [pow(10, lower), pow(10, upper)] }
        }
        let format = NumberFormat(significantDigits: 3)
        // Each label on its own is shortest (0.001, 0.01 … 1000); when some would be scientific
        // and others not (1e+17 beside 10000000000000), the axis shares one notation.
        var labels = values.map(format.string)
        if labels.contains(where: { $0.contains("e") }) && !labels.allSatisfy({ $0.contains("e") }) {
            labels = format.strings(values)
        }
        let ticks = zip(values, labels).map { (position: log10($0), label: $1) }
        return AxisScale(lower: lower, upper: upper, ticks: ticks, isLogarithmic: true)
    }

    /// 1, 2 or 5 times a power of ten, the nearest to `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let nice: Double = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
        return nice * magnitude
    }

    /// Labels with just the decimals the step needs (0.05 → two), scientific when huge or tiny.
    static func linearLabels(_ positions: [Double], step: Double) -> [String] {
        let largest = positions.map { abs($0) }.max() ?? 0
        if largest >= 1e6 || step < 1e-4 {
            return NumberFormat(significantDigits: 3).strings(positions)
        }
        let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
        return positions.map { NumberFormat.withoutNegativeZero(String(format: "%.\(decimals)f", $0)) }
    }
}
