import Engine
import Render

/// `train watch=`: the training charts a run keeps on screen and redraws in place while it
/// trains, each a display of its own under the progress display (`update_display_data` with
/// its id in a notebook, text and SVG alike), left as the final picture when the run ends.
///
/// Each is the chart `plot` draws of the same topic (`DiagnosticCharts`), so the live picture
/// is the one `plot gradnorm` shows afterwards. The gradient norm has a point every step; the
/// loss, the update ratio and saturation change when a step is logged (`every=`), which also
/// measures the layers.
struct LiveDiagnostics {
    /// What `watch=` may name, in the order the displays are shown.
    enum Topic: String, CaseIterable {
        case loss
        case gradnorm
        case ratio
        case saturation
    }

    static let names = Topic.allCases.map(\.rawValue)

    /// The watched topics with their display ids, in the order written.
    private var displays: [(topic: Topic, id: String)] = []
    /// Topics whose numbers changed since they were last drawn.
    private var stale: Set<Topic> = []
    private let look = DiagnosticCharts.Look()

    /// The topics `watch=` names, refused where they could never draw (saturation of a net
    /// with no relu, sigmoid or tanh layer); no `watch=`, no displays.
    init(_ command: CommandStatement, record: NetRecord, in context: ExecutionContext) throws {
        let topics = (OptionReader.words(command, "watch") ?? []).compactMap(Topic.init(rawValue:))
        if topics.contains(.saturation) {
            try PlotCommands.requireSaturatingLayers(record, at: command.option("watch")?.value.range)
        }
        displays = topics.map { ($0, context.newDisplayID()) }
    }

    /// Whether anything is watched.
    var isEmpty: Bool { displays.isEmpty }

    /// Shows each watched chart as the net has it now, or a line saying what it waits for.
    mutating func show(_ record: NetRecord, every: Int, on output: any SessionOutput) {
        for display in displays {
            output.show(
                chart(display.topic, record) ?? waiting(display.topic, record, every: every),
                displayID: display.id)
        }
        stale = []
    }

    /// A step was taken: the gradient norm has a new point.
    mutating func noteStep() {
        stale.insert(.gradnorm)
    }

    /// A step was logged: the loss, ratio and saturation have new points.
    mutating func noteLog() {
        stale.formUnion([.loss, .ratio, .saturation])
    }

    /// Redraws the charts whose numbers changed (all of them when `everything`, the run's last
    /// word), in place.
    mutating func update(
        _ record: NetRecord, every: Int, everything: Bool = false, on output: any SessionOutput
    ) {
        for display in displays where everything || stale.contains(display.topic) {
            output.update(
                chart(display.topic, record) ?? waiting(display.topic, record, every: every),
                displayID: display.id)
        }
        stale = []
    }

    private func chart(_ topic: Topic, _ record: NetRecord) -> Rendering? {
        switch topic {
        case .loss:
            return try? DiagnosticCharts.loss([record], validation: true, logarithmic: false, look: look)
                .get()
        case .gradnorm:
            return DiagnosticCharts.gradientNorm(record, logarithmic: true, look: look)
        case .ratio:
            return DiagnosticCharts.updateRatio(record, logarithmic: true, look: look)
        case .saturation:
            return DiagnosticCharts.saturation(record, look: look)
        }
    }

    /// The text a chart shows before it has a point.
    private func waiting(_ topic: Topic, _ record: NetRecord, every: Int) -> Rendering {
        let what: String
        switch topic {
        case .loss: what = "loss of \(record.name): no logged step yet"
        case .gradnorm: what = "global gradient norm ‖∇θ‖ of \(record.name): no step yet"
        case .ratio, .saturation:
            what =
                "\(topic == .ratio ? "update ratio ‖ΔW‖/‖W‖" : "dead and saturated units") of \(record.name): "
                + "drawn from the first logged step (every \(every) steps)"
        }
        return Rendering(plain: what)
    }
}
