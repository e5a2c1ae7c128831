import Engine
import Foundation
import Render

/// What `step` shows for a sequence model, instead of every layer's matrices (a GPT's would be
/// thousands of numbers): one position of the batch's first example, as a reader would follow
/// it. The characters it reads and the one it must predict; its likeliest next tokens with
/// their logits z, probabilities p and δ = p − y (the gradient of its loss at the logits); the
/// loss there and over the batch; each head's attention from that position, with the gradient
/// the loss sends into each score q·k/√d; then each parameter's gradient and update as norms.
/// `show deltas`, `show grads` and paths such as `lm.L2.attn.W.grad` give every value.
enum SequenceStepView {
    /// Tokens listed for the prediction and for each head's attention.
    static let listed = 6

    static func sections(
        _ record: NetRecord, trace: StepTrace, batch: Batch, vocabulary: CharacterVocabulary?,
        position requested: Int?, formatter: ValueFormatter, digits: Int
    ) throws -> [Rendering] {
        let spec = record.network.spec
        let positions = spec.rowsPerExample
        let width = spec.outputWidth
        let position = requested ?? positions - 1
        let symbols = vocabulary?.symbols ?? (0..<width).map(String.init)
        let symbol = { (id: Double) in Int(id) < symbols.count ? symbols[Int(id)] : "\(Int(id))" }
        let inputs = Array(batch.inputs[0..<positions])
        let target = Int(batch.targets[position])
        let context = inputs[0...position].map(symbol).joined()
        var sections = [
            Rendering(
                plain: "example 0, position \(position) of \(positions): after \(context) "
                    + "the next token is \(symbol(Double(target)))")
        ]
        let format = NumberFormat(significantDigits: digits)
        // The output layer's z and a at that position, and its δ.
        guard let output = trace.pass.layers.last else { return sections }
        let row = (position * width)..<((position + 1) * width)
        let logits = Array(output.preActivation[row])
        let probabilities = Array(output.output[row])
        let deltas = output.delta.map { Array($0[row]) }
        let ranked = probabilities.indices.sorted {
            probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1)
        }
        var shown = Array(ranked.prefix(listed))
        if !shown.contains(target) { shown.append(target) }
        let rows: [[Table.Cell]] = shown.map { token in
            [
                .text(symbols[token] + (token == target ? " ← next" : "")), .number(logits[token]),
                .number(probabilities[token]), deltas.map { .number($0[token]) } ?? .empty,
            ]
        }
        sections.append(
            try Table(
                title:
                    "the prediction at position \(position) (\(output.layer), the likeliest \(listed) and the next token)",
                headers: ["token", "z", "p = softmax(z)", "δ = ∂loss/∂z"], rows: rows,
                footnote:
                    "δ = (p − y)/\(batch.rows * positions): the mean over the batch's \(batch.rows * positions) positions",
                numberFormat: format
            ).rendering())
        let positionLoss = -Foundation.log(max(probabilities[target], Double.leastNonzeroMagnitude))
        sections.append(
            Rendering(
                plain: "loss at this position −log p = \(formatter.format(positionLoss)); "
                    + "over the batch (ce, mean of \(batch.rows * positions) positions) = \(formatter.format(trace.loss))"
            ))
        for layer in trace.pass.layers {
            guard let attention = layer.attention else { continue }
            sections.append(
                try attentionTable(
                    layer.layer, attention, position: position, context: inputs.map(symbol), format: format))
        }
        sections.append(try updateTable(trace, format: format))
        sections.append(
            Rendering(
                plain: "every value: show activations, show deltas, show grads, or a path such as "
                    + "\(record.name).\(record.network.layers[1].name).attn.W.grad"))
        return sections
    }

    /// Each head's weights from `position` to the positions it attends to most, and the
    /// gradient of the loss with respect to those scores.
    private static func attentionTable(
        _ layer: String, _ attention: AttentionValues, position: Int, context: [String], format: NumberFormat
    ) throws -> Rendering {
        var rows: [[Table.Cell]] = []
        for (head, weights) in attention.weights.enumerated() {
            let row = weights[position]
            let ranked = (0...position).sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }
            for (rank, source) in ranked.prefix(listed).enumerated() {
                rows.append([
                    .text(rank == 0 ? "\(head + 1)" : ""), .text("\(source) \(context[source])"),
                    .number(row[source]),
                    attention.scoreGradients.map { .number($0[head][position][source]) } ?? .empty,
                ])
            }
        }
        return try Table(
            title: "attention of \(layer) from position \(position): the positions each head reads most",
            headers: ["head", "position", "weight", "∂loss/∂score"], rows: rows,
            footnote:
                "weights over positions 0…\(position) sum to 1 in each head; later positions are masked",
            numberFormat: format
        ).rendering()
    }

    /// Each parameter's gradient, update and weight as norms, and their ratio.
    private static func updateTable(_ trace: StepTrace, format: NumberFormat) throws -> Rendering {
        let norm = NetTables.norm
        let rows: [[Table.Cell]] = trace.update.parameters.map { parameter in
            let change = zip(parameter.after, parameter.before).map { $0 - $1 }
            let weight = norm(parameter.before)
            return [
                .text(parameter.name), .text(EngineMessages.shape(parameter.shape)),
                parameter.gradient.map { .number(norm($0)) } ?? .empty, .number(norm(change)),
                .number(weight), weight > 0 ? .number(norm(change) / weight) : .empty,
            ]
        }
        return try Table(
            title: "the update, as norms (lr \(format.string(trace.update.learningRate)))",
            headers: ["parameter", "shape", "‖∇‖", "‖Δ‖", "‖W‖ before", "‖Δ‖/‖W‖"], rows: rows,
            numberFormat: format
        ).rendering()
    }
}
