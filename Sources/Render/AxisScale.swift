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
            && a.ticks.map(\.position) == b.ticks.map(\.position) && a.ticks.map(\.label) == b.ticks.map(\.label)
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

    /// A log10 axis covering `low...high` (both positive), extended to whole decades.
    static func logarithmic(low: Double, high: Double, targetTicks: Int) -> AxisScale {
        let lowDecade = floor(log10(low))
        var highDecade = ceil(log10(high))
        if highDecade <= lowDecade { highDecade = lowDecade + 1 }
        var decades = Int(highDecade - lowDecade)
        let stride = max(1, (decades + targetTicks - 1) / max(targetTicks, 1))
        // Whole strides from end to end, so both ends of the axis carry a label.
        decades = (decades + stride - 1) / stride * stride
        highDecade = lowDecade + Double(decades)
        var values: [Double] = []
        for k in Swift.stride(from: 0, through: decades, by: stride) {
            values.append(pow(10, lowDecade + Double(k)))
        }
        if decades == 1 {
            values = [1, 2, 5, 10].map { $0 * pow(10, lowDecade) }
        }
        let format = NumberFormat(significantDigits: 3)
        let ticks = values.map { (position: log10($0), label: format.string($0)) }
        return AxisScale(lower: lowDecade, upper: highDecade, ticks: ticks, isLogarithmic: true)
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
