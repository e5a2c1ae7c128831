import Engine

/// A named data set: the training part and, after `split=`, a validation part.
public struct DataRecord: Sendable {
    public var name: String
    public var training: Dataset
    public var validation: Dataset?
}
