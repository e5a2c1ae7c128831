extension Dataset {
    /// The next token at every position of every example, `count × featureCount` class
    /// indices: what a sequence model (`embed D positions`) learns from running text. Row i of
    /// a text window is its characters shifted by one and then its own next character, so
    /// position t of the window is asked for the character after it, as nanoGPT's `get_batch`
    /// pairs x with y.
    ///
    /// Only running text has such targets: a word list pads each word with its boundary, and
    /// after a pad comes a pad; real-valued features have no next token.
    public func nextTokenTargets() throws(DataError) -> [Double] {
        guard let vocabulary, vocabulary.boundary == nil, targetWidth == 1 else {
            throw .notRunningText(dataset: name)
        }
        let width = featureCount
        var result = [Double](repeating: 0, count: count * width)
        for row in 0..<count {
            let start = row * width
            for position in 0..<(width - 1) { result[start + position] = inputs[start + position + 1] }
            result[start + width - 1] = targets[row]
        }
        return result
    }
}
