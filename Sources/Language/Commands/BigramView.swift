import Engine
import Render

/// `show bigrams [DATA] [smoothing=A]`: the count model of a token data set, makemore's first
/// language model. A heatmap of how often each token follows each other (the examples' last
/// input and their target; for `words "FILE" context=1`, the bigrams of every word with `.`
/// around it), and the negative log-likelihood per pair of the model that predicts by those
/// counts with A added to each (add-one smoothing by default), the loss a net must beat.
enum BigramView {
    static func rendering(_ command: CommandStatement, data: DataRecord, digits: Int, at range: SourceRange?)
        throws -> Rendering
    {
        let dataset = data.training
        let counts: BigramCounts
        do { counts = try BigramCounts(dataset) } catch {
            throw LanguageError.notAllowed(
                why: "data set '\(dataset.name)' holds no token ids with a next token to count",
                notes: ["count the bigrams of a word list with: data NAME = words \"FILE\" context=1"],
                at: range)
        }
        let smoothing = OptionReader.number(command, "smoothing") ?? 1
        guard smoothing >= 0, smoothing.isFinite else {
            throw LanguageError.notAllowed(
                why: "smoothing is a count added to every cell, 0 or more",
                at: command.option("smoothing")?.value.range)
        }
        let symbols = dataset.vocabulary?.symbols ?? []
        let heatmap = try Heatmap(
            title: "how often each token (row) is followed by each (column) in \(dataset.name): "
                + "\(counts.total) pairs",
            values: counts.counts.flatMap { $0.map(Double.init) }, shape: [symbols.count, symbols.count],
            rowLabels: symbols, columnLabels: symbols, maxRows: max(32, symbols.count))
        let loss = counts.negativeLogLikelihood(smoothing: smoothing)
        let formatter = ValueFormatter(digits: max(digits, 5))
        let line =
            "the count model, each count + \(ValueFormatter(digits: 6).format(smoothing)): −log p per pair = "
            + (loss.isFinite ? formatter.format(loss) : "infinite (a pair the counts never saw has p = 0)")
        return Rendering.stacked([heatmap.rendering(), Rendering(plain: line)])
    }
}
