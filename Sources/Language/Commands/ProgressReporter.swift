import Render

/// Shows a run's progress the way the session's `progress` setting asks: a display updated in
/// place, one stdout line rewritten after a carriage return (padded so a shorter line leaves
/// nothing of a longer one), or nothing. `finish` shows the last state and ends the line.
struct ProgressReporter {
    let style: ProgressStyle
    let output: any SessionOutput
    let displayID: String
    /// The length of the line last written in stream style.
    private var lastLength = 0

    init(style: ProgressStyle, output: any SessionOutput, displayID: String) {
        self.style = style
        self.output = output
        self.displayID = displayID
    }

    /// The first state of the run.
    mutating func start(_ progress: ProgressLine) {
        switch style {
        case .display: output.show(progress.rendering(), displayID: displayID)
        case .stream: rewrite(progress)
        case .off: break
        }
    }

    /// A later state, in place of the one shown.
    mutating func update(_ progress: ProgressLine) {
        switch style {
        case .display: output.update(progress.rendering(), displayID: displayID)
        case .stream: rewrite(progress)
        case .off: break
        }
    }

    /// The last state; in stream style the line is ended, so what follows starts on its own.
    mutating func finish(_ progress: ProgressLine) {
        update(progress)
        if style == .stream { output.write("\n", to: .stdout) }
        lastLength = 0
    }

    private mutating func rewrite(_ progress: ProgressLine) {
        let line = progress.singleLine()
        let length = DisplayWidth.of(line)
        output.write("\r" + line + String(repeating: " ", count: max(0, lastLength - length)), to: .stdout)
        lastLength = length
    }
}
