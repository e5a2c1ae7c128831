/// Running text (tiny Shakespeare) as a next-character prediction task: every character
/// after the first `context` is an example whose inputs are the `context` characters before
/// it. Nothing pads or ends the text, so the vocabulary is the text's characters alone (the
/// newline sorts first, id 0), as in nanoGPT's character-level data.
///
/// With a `stride` above 1 only every stride-th window is an example: at stride = context the
/// windows tile the text without overlap (Hugging Face's `group_texts`), and a sequence model,
/// which learns from every position of a window, still sees every character once per epoch.
public enum TextContexts {
    /// Examples over `ids`, a stretch of text as token ids of `vocabulary`.
    public static func dataset(
        name: String, ids: ArraySlice<Int>, vocabulary: CharacterVocabulary, context: Int, stride: Int = 1,
        source: String
    ) throws(DataError) -> Dataset {
        guard context > 0 else {
            throw .optionOutOfRange(
                dataset: name, option: "context", value: Double(context), minimum: 1, maximum: nil)
        }
        guard ids.count > context else {
            throw .tooFewExamples(dataset: name, count: max(0, ids.count - context), minimum: 1)
        }
        guard stride > 0 else {
            throw .optionOutOfRange(
                dataset: name, option: "stride", value: Double(stride), minimum: 1, maximum: nil)
        }
        let text = Array(ids)
        let examples = (text.count - context + stride - 1) / stride
        var inputs = [Double](repeating: 0, count: examples * context)
        var targets = [Double](repeating: 0, count: examples)
        for example in 0..<examples {
            let start = example * stride
            for offset in 0..<context { inputs[example * context + offset] = Double(text[start + offset]) }
            targets[example] = Double(text[start + context])
        }
        let positions = (1...context).reversed().map { "t-\($0)" }
        return try Dataset(
            name: name, inputs: inputs, targets: targets, featureNames: positions, targetNames: ["next"],
            classNames: vocabulary.symbols, task: .multiclass(classCount: vocabulary.count), source: source,
            vocabulary: vocabulary)
    }

    /// The token ids of every character of `text` (each is in the vocabulary of `text`).
    public static func ids(of text: String, in vocabulary: CharacterVocabulary) -> [Int] {
        text.map { vocabulary.id(of: $0) ?? 0 }
    }
}
