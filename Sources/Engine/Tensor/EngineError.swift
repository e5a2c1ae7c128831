/// Everything that can go wrong inside the engine, as data. The language module turns
/// these into sentences; the engine never formats text for users.
public enum EngineError: Error, Equatable, Sendable {
    /// Two operand shapes that an operation cannot combine.
    case shapeMismatch(operation: String, left: [Int], right: [Int])
    /// A shape that does not fit what an operation needs (e.g. matmul on a 3-D tensor).
    case invalidShape(operation: String, shape: [Int], expected: String)
    /// A flat value list whose length does not fit the shape it is meant to fill.
    case valueCountMismatch(shape: [Int], expected: Int, got: Int)
    /// An axis outside a tensor's rank.
    case axisOutOfRange(axis: Int, rank: Int)
    /// A class index outside 0..<classCount.
    case classIndexOutOfRange(index: Int, classCount: Int)
    /// A class label that is not a whole number (or not finite).
    case notAClassIndex(value: Double)
    /// A value read as a token id that is not one of `0..<vocabularySize`.
    case notAToken(value: Double, vocabularySize: Int)
    /// Backward called on a tensor that is not a single number and without a seed.
    case backwardNeedsScalar(shape: [Int])
    /// A NaN or infinity met during training: in which layer and which tensor.
    case nonFinite(layer: String, tensor: String, step: Int)
    /// A network spec that could not be parsed.
    case invalidSpec(NetworkSpecError)
    /// A parameter name that the network does not have.
    case unknownParameter(name: String, valid: [String])
    /// An option value outside its valid range (e.g. a negative learning rate), and what it needs.
    case invalidOption(name: String, value: Double, expected: OptionRequirement)
    /// Inputs and targets whose row counts or widths do not fit the network.
    case dataMismatch(what: String, expected: Int, got: Int)
    /// A LoRA adapter for a dense map that has one already.
    case adapterExists(map: String, rank: Int)
    /// A LoRA rank outside 1...limit, the map's smaller side (a larger rank adds nothing).
    case adapterRankOutOfRange(map: String, rank: Int, limit: Int)
    /// A LoRA α that is not a finite number above zero.
    case adapterAlphaInvalid(alpha: Double)
}

/// What an option's value must be, as data: the language words it.
public enum OptionRequirement: Sendable, Equatable {
    /// A whole number of at least this much.
    case atLeast(Int)
    /// A learning rate of zero or more.
    case nonNegativeRate
    /// One, as a classic rule has no gradient to add up over batches.
    case oneForClassicRule
    /// A net trained by backprop (not a perceptron or ADALINE rule).
    case backpropagatedNet
    /// A number of workers from 1 to the rows of a batch, this many.
    case batchRows(Int)
    /// A student trained by cross-entropy, which distillation adds to.
    case crossEntropyStudent
}

/// The class index a target value stands for, checked against the class count.
func classIndex(_ value: Double, classCount: Int) throws(EngineError) -> Int {
    guard value.isFinite, value.rounded() == value, Swift.abs(value) < 1e15 else {
        throw .notAClassIndex(value: value)
    }
    let index = Int(value)
    guard index >= 0, index < classCount else {
        throw .classIndexOutOfRange(index: index, classCount: classCount)
    }
    return index
}
