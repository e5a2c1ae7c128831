import Engine
import Render

/// The table `train precision=` shows after its summary: per layer, the gradient entries the
/// 16-bit rounding flushed to zero, in the gradient arriving at the layer's output (the delta)
/// and in its parameters' gradients, at the last step and over the run, and what overflowed;
/// the title says the format and where the loss scale ended.
enum MixedPrecisionTable {
    static func rendering(_ report: MixedPrecisionReport, net: String, digits: Int) throws -> Rendering {
        let formatter = ValueFormatter(digits: digits)
        let scaler = report.scaler
        let scaleText: String
        switch scaler.scaling {
        case .none: scaleText = "no loss scale"
        case .fixed(let scale): scaleText = "loss scale \(formatter.format(scale))"
        case .dynamic:
            scaleText =
                "dynamic loss scale, now \(formatter.format(scaler.scale)); "
                + "\(scaler.skippedSteps) of \(report.steps) step\(report.steps == 1 ? "" : "s") skipped on overflow"
        }
        let rows: [[Table.Cell]] = report.layers.map { layer in
            [
                .text(layer.layer), .number(Double(layer.entries)),
                .number(Double(layer.deltaFlushedLastStep)),
                .number(Double(layer.deltaFlushedTotal)), .number(Double(layer.flushedLastStep)),
                .number(Double(layer.flushedTotal)), .number(Double(layer.overflowedTotal)),
            ]
        }
        return try Table(
            title: "mixed precision of \(net): \(report.precision.format.rawValue), \(scaleText)",
            columns: [
                Table.Column("layer"), Table.Column("grad entries", alignment: .right),
                Table.Column("δ flushed (last)", alignment: .right),
                Table.Column("δ flushed (run)", alignment: .right),
                Table.Column("grads flushed (last)", alignment: .right),
                Table.Column("grads flushed (run)", alignment: .right),
                Table.Column("overflowed (run)", alignment: .right),
            ],
            rows: rows,
            footnote:
                "flushed: nonzero before rounding to \(report.precision.format.rawValue), zero after; δ is the gradient "
                + "arriving at the layer's output (and logits); the weights and their updates stay in the net's dtype"
        ).rendering()
    }
}
