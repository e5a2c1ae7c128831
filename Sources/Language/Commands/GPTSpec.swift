import Engine

/// `net NAME = gpt vocab=DATA [layers=L] [heads=H] [dim=C] [context=T] [tied=true|false]
/// [dropout=P]`: the layers of a GPT as nanoGPT builds it, written out as the chain it stands for,
///
///     tokens T -> embed C positions -> block H -> ... (L blocks) -> layernorm -> V softmax tied
///
/// or with dropout P, as nanoGPT's `dropout` places it (`transformer.drop` after the embeddings,
/// then inside each block),
///
///     tokens T -> embed C positions -> dropout P -> block H dropout P -> ... -> V softmax tied
///
/// so `show summary` and a checkpoint show the same modules as the long form. The vocabulary V
/// is the data set's, and T its context unless given.
enum GPTSpec {
    static let options = ["vocab", "layers", "heads", "dim", "context", "tied", "dropout"]

    static func spec(_ command: CommandStatement, in context: ExecutionContext) throws -> NetworkSpec {
        guard command.arguments.count == 1 else {
            throw LanguageError.argumentForm(
                command: "gpt", takes: "its sizes as options, such as gpt vocab=play layers=4",
                at: command.arguments[1].range)
        }
        guard let vocabularyOption = command.option("vocab") else {
            throw LanguageError.notAllowed(
                why: "gpt needs vocab=DATA, the text data set whose characters it predicts",
                notes: ["for example: data play = text \"data/tinyshakespeare.txt\" context=64"],
                at: command.arguments[0].range)
        }
        let data = try context.dataRecord(
            OptionReader.word(command, "vocab"), at: vocabularyOption.value.range)
        guard let vocabulary = data.training.vocabulary else {
            throw LanguageError.notAllowed(
                why: "data set '\(data.name)' holds no token ids, so it has no vocabulary to predict",
                notes: ["read text as characters with: data NAME = text \"FILE\" context=K"],
                at: vocabularyOption.value.range)
        }
        let positions =
            try OptionReader.integer(command, "context", atLeast: 1, atMost: TokenData.maximumContext)
            ?? data.training.featureCount
        let blocks = try OptionReader.integer(command, "layers", atLeast: 1, atMost: 48) ?? 4
        let heads = try OptionReader.integer(command, "heads", atLeast: 1, atMost: 64) ?? 4
        let width = try OptionReader.integer(command, "dim", atLeast: 1, atMost: 4096) ?? 128
        guard width % heads == 0 else {
            throw LanguageError.notAllowed(
                why: "dim=\(width) does not split into \(heads) heads of equal width",
                notes: ["each head takes dim/heads values: give a dim that is a multiple of \(heads)"],
                at: command.option("dim")?.value.range ?? command.option("heads")?.value.range)
        }
        let dropout = OptionReader.number(command, "dropout") ?? 0
        guard dropout >= 0, dropout < 1 else {
            throw LanguageError.outOfRange(
                subject: "dropout", mustBe: "from 0 up to (not including) 1",
                notes: [
                    "the probability of dropping each value in training; nanoGPT uses 0.2 on tiny Shakespeare"
                ],
                at: command.option("dropout")?.value.range)
        }
        let tied = OptionReader.boolean(command, "tied") ?? true
        let output: NetworkSpec.LayerSpec =
            tied
            ? .tiedOutput(width: vocabulary.count, activation: .softmax)
            : .dense(width: vocabulary.count, activation: .softmax)
        let layers: [NetworkSpec.LayerSpec] =
            [.positionalEmbedding(width: width)] + (dropout > 0 ? [.dropout(probability: dropout)] : [])
            + [NetworkSpec.LayerSpec](
                repeating: .transformerBlock(heads: heads, dropout: dropout), count: blocks)
            + [.layerNorm, output]
        return NetworkSpec(inputWidth: positions, inputKind: .tokens, layers: layers)
    }
}
