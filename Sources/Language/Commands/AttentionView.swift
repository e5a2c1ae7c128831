import Engine
import Render

/// `show attention [NET] [layer=K] [head=H] [text="..."]`: what each position of a text attends
/// to in one attention layer (or block) of a sequence model, one heatmap per head, the text's
/// characters on both axes: row i is position i's weights over the positions 0…i it may see,
/// each row summing to 1. The text runs through the net in evaluation mode; nothing changes.
enum AttentionView {
    static let options = ["layer", "head", "text"]

    static func rendering(
        _ command: CommandStatement, record: NetRecord, data: DataRecord?, at range: SourceRange?
    ) throws -> Rendering {
        let network = record.network
        let attending = network.layers.indices.filter {
            network.layers[$0] is SelfAttentionLayer || network.layers[$0] is TransformerBlock
        }
        guard !attending.isEmpty else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "attention to show",
                remedy: "a net with attention has attention H or block H after tokens K -> embed D positions",
                at: range)
        }
        let layerNumber =
            try OptionReader.integer(command, "layer", atLeast: 1, atMost: attending.count) ?? 1
        let layerIndex = attending[layerNumber - 1]
        let layer = network.layers[layerIndex]
        let heads = (layer as? TransformerBlock)?.heads ?? (layer as? SelfAttentionLayer)?.heads ?? 1
        let chosenHead = try OptionReader.integer(command, "head", atLeast: 1, atMost: heads)
        guard let vocabulary = data?.training.vocabulary, vocabulary.count == network.spec.outputWidth else {
            throw LanguageError.notAllowed(
                why:
                    "show attention reads its text= through the current data set's characters, and none fits net '\(record.name)'",
                notes: ["make the text data set the net was trained on current: use DATA"], at: range)
        }
        let ids = try textTokens(
            command, vocabulary: vocabulary, data: data!, positions: network.spec.inputWidth)
        let padded = ids.map(Double.init) + [Double](repeating: 0, count: network.spec.inputWidth - ids.count)
        do { _ = try network.predict(padded, rows: 1) } catch {
            throw LanguageError(error, at: range)
        }
        guard let weights = network.lastPlan?.traces[layerIndex].attention else {
            return Rendering(plain: "")
        }
        let labels = ids.map { vocabulary.symbols[$0] }
        let shown = chosenHead.map { [$0] } ?? Array(1...heads)
        let pictures = try shown.map { head -> Rendering in
            let matrix = weights.matrix(sequence: 0, head: head - 1)
            let values = (0..<ids.count).flatMap { row in matrix[row][0..<ids.count] }
            return try Heatmap(
                title: "attention of \(record.name).\(layer.name), head \(head) of \(heads): row i is what "
                    + "position i attends to",
                values: Array(values), shape: [ids.count, ids.count], rowLabels: labels, columnLabels: labels,
                maxRows: network.spec.inputWidth
            ).rendering()
        }
        return Rendering.stacked(pictures)
    }

    /// The text's ids: `text=`, at most the net's context, or the data set's first example.
    private static func textTokens(
        _ command: CommandStatement, vocabulary: CharacterVocabulary, data: DataRecord, positions: Int
    ) throws -> [Int] {
        guard let option = command.option("text") else {
            return Array(data.training.input(0).map { Int($0) })
        }
        guard case .string(let text) = option.value.kind, !text.isEmpty else {
            throw LanguageError.notAllowed(
                why: "text is a string of the data's characters, e.g. text=\"To be, or not\"",
                at: option.value.range)
        }
        guard text.count <= positions else {
            throw LanguageError.notAllowed(
                why: "text= has \(text.count) characters, more than the net's context of \(positions)",
                notes: ["give at most \(positions) characters"], at: option.value.range)
        }
        return try VocabularyText.ids(of: text, in: vocabulary, noun: "text", at: option.value.range)
    }
}
