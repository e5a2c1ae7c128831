import Engine
import Foundation
import Render

/// `show embeddings [NET]`: a token net's embedding table projected on its two principal
/// components, each token drawn where its vector falls, so tokens the net treats alike (the
/// vowels of names, say) are seen together; and the share of the table's variance the picture
/// keeps, which says how much of it a flat view can show.
enum EmbeddingView {
    static func rendering(_ record: NetRecord, data: DataRecord?, digits: Int, at range: SourceRange?) throws
        -> Rendering
    {
        guard let tableTensor = record.network.tokenTable else {
            throw LanguageError.lacks(
                owner: "net '\(record.name)'", what: "embedding to show",
                remedy: "a net with one starts with tokens K -> embed D", at: range)
        }
        let embedding = (name: record.network.layers[0].name, width: tableTensor.shape[1])
        let table = tableTensor.scalars
        let rows = (0..<tableTensor.shape[0]).map {
            Array(table[($0 * embedding.width)..<(($0 + 1) * embedding.width)])
        }
        // The current data set's characters name the rows when its vocabulary is the net's.
        let symbols =
            data?.training.vocabulary.map(\.symbols).flatMap { $0.count == rows.count ? $0 : nil }
            ?? rows.indices.map { String($0 % 10) }
        let format = NumberFormat(significantDigits: min(digits, 3))
        guard embedding.width >= 2 else {
            return Rendering(
                plain: "\(embedding.name).E of \(record.name) is one value per token: "
                    + zip(symbols, rows).map { "\($0) \(format.string($1[0]))" }.joined(separator: ", "))
        }
        let components = PrincipalComponents(of: rows, count: 2)
        let share = components.variances.map {
            components.totalVariance > 0 ? $0 / components.totalVariance : 0
        }
        let points = zip(components.coordinates, symbols).map {
            LabelledScatter.Point(x: $0[0], y: $0[1], label: $1)
        }
        let percent = share.map { NumberFormat.percent($0).trimmingCharacters(in: .whitespaces) + "%" }
        let chart = LabelledScatter(
            title:
                "\(record.name).\(embedding.name).E: \(rows.count) tokens × \(embedding.width), on its two principal components",
            points: points, xCaption: "PC1", yCaption: "PC2",
            legend: [
                "x: PC1 (\(percent[0]) of the variance), y: PC2 (\(percent[1])); each token at its row's projection"
            ])
        return chart.rendering()
    }
}
