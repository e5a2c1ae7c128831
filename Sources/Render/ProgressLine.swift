import Foundation

/// The progress display of a training run: a bar with step and percentage, then the numbers.
///
/// ```
/// ██████████████████████████▌                    step 1040/2000   52%
/// epoch 520/1000  loss 0.0123  val 0.015  812 steps/s  0:01 elapsed  0:01 left
/// ```
public struct ProgressLine: Sendable, Equatable {
    /// Steps done.
    public var step: Int
    /// Steps planned (nil when training runs until a condition holds).
    public var totalSteps: Int?
    public var epoch: Int?
    public var totalEpochs: Int?
    public var loss: Double?
    public var validationLoss: Double?
    /// Seconds since the run started.
    public var elapsedSeconds: Double
    /// Total width in columns.
    public var width: Int
    public var style: RenderStyle
    public var numberFormat: NumberFormat

    /// A progress display; rate and time left are derived from `step` and `elapsedSeconds`.
    public init(
        step: Int, totalSteps: Int?, epoch: Int? = nil, totalEpochs: Int? = nil, loss: Double? = nil,
        validationLoss: Double? = nil, elapsedSeconds: Double, width: Int = 72, style: RenderStyle = .unicode,
        numberFormat: NumberFormat = NumberFormat(significantDigits: 4)
    ) {
        self.step = step
        self.totalSteps = totalSteps
        self.epoch = epoch
        self.totalEpochs = totalEpochs
        self.loss = loss
        self.validationLoss = validationLoss
        self.elapsedSeconds = elapsedSeconds
        self.width = width
        self.style = style
        self.numberFormat = numberFormat
    }

    /// Steps per second so far, or nil before any time has passed.
    public var stepsPerSecond: Double? {
        elapsedSeconds > 0 && step > 0 ? Double(step) / elapsedSeconds : nil
    }

    /// Seconds left at the current rate, or nil when unknown.
    public var secondsLeft: Double? {
        guard let totalSteps, let rate = stepsPerSecond else { return nil }
        return Double(max(totalSteps - step, 0)) / rate
    }

    /// Plain text, and HTML with a native progress bar.
    public func rendering() -> Rendering {
        Rendering(plain: plainText(), html: html())
    }

    /// Two lines: the bar with step and percentage, then epoch, losses, rate and times.
    public func plainText() -> String {
        [barLine(), detailLine()].joined(separator: "\n")
    }

    /// `padsStep` right-aligns the step in the total's width, so the line keeps its length.
    func barLine(padsStep: Bool = false) -> String {
        let digits = padsStep ? String(totalSteps ?? 0).count : 0
        var counter = "step " + DisplayWidth.pad(String(step), to: digits, alignment: .right)
        if let totalSteps { counter += "/\(totalSteps)" }
        guard let totalSteps, totalSteps > 0 else { return counter }
        let fraction = min(max(Double(step) / Double(totalSteps), 0), 1)
        let percent = "\(Int((fraction * 100).rounded(.down)))%"
        let suffix = "  \(counter)  " + DisplayWidth.pad(percent, to: 4, alignment: .right)
        let barWidth = max(width - DisplayWidth.of(suffix) - 2, 4)
        let (open, close) = style == .unicode ? ("▕", "▏") : ("[", "]")
        return open + Self.bar(fraction, width: barWidth, style: style) + close + suffix
    }

    /// A bar `width` columns wide filled to `fraction`, in eighths of a block in Unicode.
    static func bar(_ fraction: Double, width: Int, style: RenderStyle) -> String {
        switch style {
        case .ascii:
            let filled = Int((fraction * Double(width)).rounded(.down))
            let head = filled < width && fraction > 0 ? ">" : ""
            return DisplayWidth.pad(String(repeating: "=", count: filled) + head, to: width)
        case .unicode:
            let eighths = Int((fraction * Double(width * 8)).rounded(.down))
            var text = String(repeating: "█", count: eighths / 8)
            if eighths % 8 > 0 { text.append(HistogramChart.eighths[eighths % 8 - 1]) }
            return DisplayWidth.pad(text, to: width)
        }
    }

    func detailLine() -> String {
        var parts: [String] = []
        if let epoch {
            parts.append("epoch \(epoch)" + (totalEpochs.map { "/\($0)" } ?? ""))
        }
        if let loss { parts.append("loss \(numberFormat.string(loss))") }
        if let validationLoss { parts.append("val \(numberFormat.string(validationLoss))") }
        if let rate = stepsPerSecond {
            parts.append("\(NumberFormat(significantDigits: 3).string(rate)) steps/s")
        }
        parts.append("\(Self.duration(elapsedSeconds)) elapsed")
        if let left = secondsLeft { parts.append("\(Self.duration(left)) left") }
        return parts.joined(separator: "  ")
    }

    /// One line for a terminal that rewrites it after a carriage return: the bar with its step
    /// and percentage in `barWidth` columns (fixed, so the bar does not jump as the numbers after
    /// it change), then the losses, the rate and `elapsed<left` as tqdm writes them; about 100
    /// columns, which a terminal must be for the return to rewrite the line whole.
    ///
    /// ```
    /// ▕██████████▌         ▏  step 1040/2000   52%  loss 0.0123  812 steps/s  0:01<0:01
    /// ```
    public func singleLine(barWidth: Int = 44) -> String {
        var parts: [String] = []
        if let loss { parts.append("loss \(numberFormat.string(loss))") }
        if let validationLoss { parts.append("val \(numberFormat.string(validationLoss))") }
        if let rate = stepsPerSecond {
            parts.append("\(NumberFormat(significantDigits: 3).string(rate)) steps/s")
        }
        parts.append(Self.duration(elapsedSeconds) + (secondsLeft.map { "<" + Self.duration($0) } ?? ""))
        let detail = parts.joined(separator: "  ")
        var bar = self
        bar.width = barWidth
        return bar.barLine(padsStep: true) + "  " + detail
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }

    func html() -> String {
        let bar =
            totalSteps.map { "<progress value=\"\(step)\" max=\"\($0)\" style=\"width:24em\"></progress> " }
            ?? ""
        var counter = "step \(step)"
        if let totalSteps, totalSteps > 0 {
            counter +=
                "/\(totalSteps)  \(Int((min(Double(step) / Double(totalSteps), 1) * 100).rounded(.down)))%"
        }
        return "<div>\(bar)\(HTML.escape(counter))<br><code>\(HTML.escape(detailLine()))</code></div>"
    }
}
